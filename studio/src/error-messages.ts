import type { ErrorDetail } from './api/client';

/**
 * The server's error codes in Chinese: the API answers in English (message) with a stable code,
 * and the studio shows this text beside the message, so every error reads in both languages.
 * One entry per code of the server's catalogue (server/http/error-codes.ts);
 * test/unit/studio/error-messages.test.ts fails when a code has no entry here, or an entry no code. Keyed by code only, so merging
 * near-duplicate codes on the server means removing entries here, nothing else.
 */
export const ERROR_MESSAGES: Record<string, string> = {
  // Generic (server/http/errors.ts defaults) and the studio's own.
  invalid_input: '输入有误',
  unauthenticated: '请先登录',
  forbidden: '无权执行此操作',
  not_found: '未找到',
  internal_error: '服务器内部错误',
  network_error: '无法连接服务器',
  http_error: '请求失败',
  // Requests the server cannot read.
  malformed_json: '请求体不是有效的 JSON',
  malformed_body: '请求体格式有误',
  malformed_authorization: '认证信息格式有误',
  payload_too_large: '请求体过大',
  unsupported_media_type: '不支持的内容类型',
  no_such_endpoint: '接口不存在',
  csrf: '请求来源未经确认（跨站保护）',
  too_many_attempts: '尝试次数过多，请稍后再试',
  // Log-in, users and keys.
  bad_credentials: '用户名或密码错误',
  invalid_credentials: '用户名或密码错误',
  username_taken: '用户名已被占用',
  weak_password: '密码强度不足',
  out_of_scope: '超出您的机构范围',
  // Rule sets, review and publication.
  stale_version: '内容已被他人修改，请基于最新版本重试',
  invalid_state: '当前状态不允许此操作',
  rule_set_invalid: '规则集有误',
  rule_set_not_allowed: '不允许使用该规则集',
  scope_not_allowed: '该 API 密钥仅限其授权范围内的接口',
  rule_set_not_applicable: '该规则集不适用于此请求',
  maker_checker: '提交人不能审批自己的提交（双人复核）',
  maker_checker_controlled: '审批人是提交人创建或控制的账户或密钥（按自然人双人复核）',
  approver_after_submission: '审批人在提交之后才获得审批角色',
  approver_role_self_granted: '审批人的角色由其本人或其控制的账户授予',
  version_not_published: '该版本尚未发布',
  no_published_version: '没有已发布的版本',
  test_budget_exceeded: '测试用例运行超时',
  impact_unsupported: '该规则族不支持影响预览',
  challenger_unsupported: '冠军挑战者测试需要预警或处置规则集、已发布的冠军版本和已审批未发布的挑战者版本',
  backtest_unsupported: '回测仅支持个体或组合预警规则集(warning.obligor、warning.portfolio)',
  backtest_ended: '回测已结束,无法取消',
  evaluate_only: '此密钥只能调用决策接口',
  invalid_facts: '事实数据有误',
  evaluation_failed: '规则计算失败',
  // Delegated authority and org units.
  grant_invalid: '授权有误',
  grant_for_owner: '不能向规则集所属机构授权',
  overlay_invalid: '参数覆盖有误',
  overlay_for_owner: '规则集所属机构不能设置参数覆盖',
  out_of_bounds: '取值超出授权范围',
  unknown_org_unit: '机构不存在',
  unknown_agency: '合作机构不存在',
  unknown_partner: '渠道合作方不存在',
  loan_not_of_partner: '贷款不存在或不是该合作方带来的',
  org_unit_inactive: '机构已停用',
  org_unit_taken: '机构编号已被占用',
  org_unit_in_use: '机构仍在使用中',
  org_unit_cycle: '机构上下级不能成环',
  org_unit_move_refused: '不允许移动该机构',
  // Monitoring, jobs, imports.
  unknown_obligor: '未找到该履约义务人',
  unknown_job: '任务不存在',
  job_running: '该任务正在运行',
  run_before_last_run: '日期早于该任务上次成功运行的日期',
  unknown_import_kind: '未知的导入类型',
  // Webhooks.
  invalid_url: '地址无效',
  subscription_disabled: '订阅已停用',
  agency_registered: '该统一社会信用代码的机构已在名录中',
  partner_registered: '该统一社会信用代码的合作方已在名录中',
  channel_taken: '该渠道代码已属于其他合作方',
  agency_not_admitted: '该机构未准入或已暂停、终止，不得委案',
  agency_lacks_work_kind: '该机构未获准从事此类业务',
  no_agreement: '该机构与本机构无有效委外协议',
  agency_at_capacity: '该机构委案量已达协议上限',
  agency_key_actor: '机构密钥只能以本机构名义操作',
  recovery_exceeds_due: '入账金额超过该追偿案件的未收回金额(按项目)',
  claim_incomplete: '理赔案件缺少此步所需:估损、差异核对、归档资料或核定赔款',
  subscription_deleted: '订阅已删除',
  delivery_in_progress: '投递正在进行中',
  // The platform cannot take the request now (retry later).
  database_unavailable: '数据库暂不可用，请稍后重试',
  decision_log_unavailable: '决策日志暂不可用，请稍后重试',
  decision_log_full: '决策日志缓冲已满，请稍后重试',
  decision_log_behind: '决策日志写入滞后，请稍后重试',
  starting: '平台正在启动，请稍后重试',
  response_schema_mismatch: '服务器应答与其声明的结构不符（仅测试与开发环境）',
  import_line_too_large: '导入的某一行超过长度上限，本次导入未保存任何数据',
  missing_facts: '严格模式：规则所需的指标未提供',
  month_incomplete: '该月数据尚不完整',
  recording_retention: '催收录音在保存期届满前不得删除、替换或缩短保存期',
  complete_through_in_future: '数据完整日期不能晚于今天',
  admission_decision_rejects: '准入规则决定不予准入，审批人不能准入（请驳回，或补充核查后重新申请）',
};

/** The Chinese text of a code, or a general one by HTTP status for a code not (yet) listed. */
export function errorTextZh(code: string, status: number): string {
  if (ERROR_MESSAGES[code]) return ERROR_MESSAGES[code];
  if (status === 0) return ERROR_MESSAGES.network_error!;
  if (status === 409) return '与当前状态冲突';
  if (status === 422) return '请求无法处理';
  if (status >= 500) return ERROR_MESSAGES.internal_error!;
  return ERROR_MESSAGES.http_error!;
}

/** Field-level problems by their JSON-schema keyword (the server's details carry it). */
const KEYWORD_MESSAGES: Record<string, string> = {
  required: '必填 is required',
  additionalProperties: '未知字段 unknown field',
  type: '类型不对 has the wrong type',
  enum: '不是允许的取值 is not one of the allowed values',
  const: '取值不对 has the wrong value',
  format: '格式不正确 is not in the expected format',
  pattern: '格式不正确 is not in the expected format',
  minimum: '低于下限 is below the minimum',
  exclusiveMinimum: '低于下限 is below the minimum',
  maximum: '高于上限 is above the maximum',
  exclusiveMaximum: '高于上限 is above the maximum',
  minLength: '太短 is too short',
  maxLength: '太长 is too long',
  minItems: '项数太少 has too few items',
  maxItems: '项数太多 has too many items',
  uniqueItems: '有重复项 has duplicate items',
};

/**
 * A detail as a person reads it, in both languages. A pattern's regular expression is never
 * shown: "must match pattern "^\d{4}-(0[1-9]|1[0-2])$"" says nothing to a policy owner.
 */
export function detailText(detail: Pick<ErrorDetail, 'message'> & { keyword?: unknown }): string {
  const keyword = typeof detail.keyword === 'string' ? detail.keyword : undefined;
  if (keyword === 'pattern' || /must match pattern/.test(detail.message)) return KEYWORD_MESSAGES.pattern!;
  if (keyword && KEYWORD_MESSAGES[keyword]) {
    const [zh] = KEYWORD_MESSAGES[keyword].split(' ');
    return `${zh} ${detail.message}`;
  }
  return detail.message;
}
