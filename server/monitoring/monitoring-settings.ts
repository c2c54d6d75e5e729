/** Settings of the monitoring loop (README, configuration). */
export interface MonitoringSettings {
  /** Grades from best to worst: a downgrade is the number of steps down this list (the gradeDowngrade fact). */
  gradeScale: string[];
  /** Owner roles that sit at head office: their tasks belong to HQ whatever unit raised the alert. */
  headOfficeRoles: string[];
}

export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = {
  gradeScale: ['A', 'B', 'C', 'D', 'E'],
  headOfficeRoles: ['hq-risk-manager', 'actuarial'],
};
