/** Labels of the admin pages (users, API keys), Chinese and English side by side. */
export const ADMIN_TERMS = {
  users: '用户 Users',
  apiKeys: 'API 密钥 API keys',
  username: '用户名 Username',
  displayName: '显示名 Display name',
  initialPassword: '初始密码 Initial password',
  newPassword: '新密码 New password',
  roles: '角色 Roles',
  active: '启用 active',
  inactive: '已停用 inactive',
  adminOnly: '仅管理员可用 Only admins manage users and API keys.',
} as const;

/** What each role may do (schemas/identity/role.json), shown beside its checkbox. */
export const ROLE_HINTS: Record<string, string> = {
  admin: '管理用户、密钥与机构 manages users, keys and org units',
  'policy-owner': '起草规则集与授权 drafts rule sets, grants and overlays',
  approver: '审批与发布 reviews and publishes (maker-checker)',
  'branch-operator': '处理预警与任务 works alerts and tasks',
  auditor: '只读 reads everything, changes nothing',
  integration: '调用评估接口 calls the evaluation API',
};
