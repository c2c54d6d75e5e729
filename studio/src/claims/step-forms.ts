/** What each workflow step asks for (schemas/claims/claim-*-request.json); every step also sends the revision read. */
export interface StepField {
  name: string;
  label: string;
  kind: 'text' | 'date' | 'yuan' | 'select' | 'lines';
  options?: readonly string[];
  required?: boolean;
}

export const STEP_FIELDS: Record<string, StepField[]> = {
  report: [
    { name: 'channel', label: '报案方式 channel', kind: 'select', options: ['electronic', 'paper'], required: true },
    { name: 'receivedOn', label: '收到日期 received on', kind: 'date', required: true },
    { name: 'unpaidPrincipal', label: '未偿本金 unpaid principal', kind: 'yuan' },
    { name: 'interest', label: '利息 interest', kind: 'yuan' },
    { name: 'penaltyInterest', label: '罚息 penalty interest', kind: 'yuan' },
    { name: 'repaidBeforeClaim', label: '索赔日前已还 repaid before claim', kind: 'yuan' },
    { name: 'claimedAmount', label: '索赔金额 claimed amount', kind: 'yuan' },
  ],
  register: [
    { name: 'estimatedLoss', label: '估损 estimated loss', kind: 'yuan' },
    { name: 'complexity', label: '复杂程度 complexity', kind: 'select', options: ['simple', 'complex'], required: true },
  ],
  reject: [{ name: 'reasons', label: '拒赔理由 reasons', kind: 'lines', required: true }],
  adjust: [],
  approve: [],
  'approve-early-payment': [],
  pay: [
    { name: 'paidOn', label: '支付日期 paid on', kind: 'date', required: true },
    { name: 'amount', label: '支付金额 amount', kind: 'yuan', required: true },
    { name: 'reference', label: '支付流水 reference', kind: 'text', required: true },
  ],
  subrogate: [
    { name: 'basis', label: '代位依据 basis', kind: 'select', options: ['assignment', 'statutory'], required: true },
    { name: 'extent', label: '范围 extent', kind: 'select', options: ['full', 'partial'], required: true },
    { name: 'confirmationRef', label: '确认文件 confirmation document', kind: 'text', required: true },
  ],
  archive: [],
  withdraw: [{ name: 'note', label: '说明 note', kind: 'text' }],
};

/** The URL path of a step (early payment's approval lives under early-payment/). */
export const STEP_PATH: Record<string, string> = { 'approve-early-payment': 'early-payment/approve' };

/** Which role takes each step (server/claims/claim-workflow.ts): approvals are the approver's, the rest the branch operator's. */
export const stepRole = (action: string) => (action === 'approve' || action === 'approve-early-payment' ? 'approver' : 'branch-operator');

/** The request body from the form's text values: yuan as numbers, lines as a list, empty fields left out. */
export function stepBody(action: string, values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of STEP_FIELDS[action] ?? []) {
    const value = (values[field.name] ?? '').trim();
    if (value === '') continue;
    if (field.kind === 'yuan') body[field.name] = Number(value);
    else if (field.kind === 'lines')
      body[field.name] = value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    else body[field.name] = value;
  }
  return body;
}
