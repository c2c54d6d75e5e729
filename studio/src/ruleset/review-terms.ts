/** Labels of review, approval and the approver's inbox, Chinese and English side by side. */
export const REVIEW_TERMS = {
  inbox: '待我审批 My approvals',
  submitterNote: "提交说明 Submitter's note",
  noNote: '（未填写说明 no note given）',
  diffAgainstPublished: '与已发布版本的差异 Changes against the published version',
  nothingPublished: '尚无已发布版本：整个版本都是新的 Nothing is published yet: the whole version is new.',
  testResults: '内嵌测试结果 Embedded test results',
  impactPreview: '影响预览 Impact preview',
  notApprovable:
    '你参与编写了此版本，不能批准或驳回：须由另一位审批人处理（制衡 maker-checker）。You wrote or edited this version, so you cannot approve or reject it: a different approver must (maker-checker).',
  needsApproverRole: '只有审批人角色可以批准或驳回（管理员不能代替）Only the approver role may approve or reject (admin does not replace it: maker-checker).',
  confirmPublish: '确认发布 Confirm publish',
  cancel: '取消 Cancel',
  scheduled: '待生效 scheduled',
  scheduledFor: '待生效 scheduled for',
  inForce: '生效中 in force',
} as const;

/** A time as YYYY-MM-DD HH:mm in the browser's time zone: the same everywhere the studio shows one. */
export function localTime(iso: string): string {
  const date = new Date(iso);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
