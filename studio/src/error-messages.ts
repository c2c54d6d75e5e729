/** Chinese texts of the server's error codes (placeholder; filled in below). */
export const ERROR_MESSAGES: Record<string, string> = {
  unknown_obligor: '未找到该履约义务人',
};
