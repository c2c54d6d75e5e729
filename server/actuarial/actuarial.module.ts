import type { OrgScope } from '../authority/org-scope';
import type { JobDefinition } from '../jobs/job-definition';
import type { RouteRegistry } from '../http/routes';
import type { CompleteThrough } from '../monitoring/month-completeness';
import type { MonitoredMonthListener } from '../monitoring/portfolio-monitoring.service';
import type { Connection } from '../store/connection';
import { ActuarialNoticeStore } from './actuarial-notice.store';
import { actuarialNoticesJob } from './actuarial-notices.job';
import { ActuarialNoticesService, type ActuarialNoticesDependencies } from './actuarial-notices.service';
import { registerActuarialRoutes } from './actuarial.routes';
import { ActuarialNoticeReader } from './actuarial.views';

export interface ActuarialModule {
  /** Evaluates a month's notices: the portfolio monitoring's listener and the backstop job's run. */
  notices: ActuarialNoticesService;
  job: JobDefinition<'month'>;
  /** For the portfolio monitoring (onMonitored): the month's notices, its counts named actuarial*. */
  listener: MonitoredMonthListener;
}

/** Actuarial notices (Art. 8, last paragraph): the store, the run, the monthly backstop job and GET /actuarial/notices. */
export async function registerActuarial(
  dependencies: Omit<ActuarialNoticesDependencies, 'notices'> & {
    routes: RouteRegistry;
    connection: Connection;
    orgScope: OrgScope;
    completeness: CompleteThrough;
  },
): Promise<ActuarialModule> {
  const store = new ActuarialNoticeStore(dependencies.connection);
  await store.init();
  const notices = new ActuarialNoticesService({ ...dependencies, notices: store });
  registerActuarialRoutes(dependencies.routes, new ActuarialNoticeReader(store, dependencies.orgScope));
  const listener: MonitoredMonthListener = async (month, context) => {
    const { counts } = await notices.run(month, { actor: 'portfolio-monitoring', logger: context.logger });
    return Object.fromEntries(Object.entries(counts).map(([name, value]) => [`actuarial${name[0]!.toUpperCase()}${name.slice(1)}`, value]));
  };
  return { notices, job: actuarialNoticesJob(notices, dependencies.completeness), listener };
}
