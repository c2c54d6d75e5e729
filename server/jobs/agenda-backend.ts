import type { AgendaBackend } from 'agenda';
import type { Db } from 'mongodb';
import { ClaimedJobRepository } from './claimed-job-repository';

/**
 * Agenda's storage on the platform's own database connection, with locks that hold on FerretDB
 * (see ClaimedJobRepository). The connection belongs to the platform, so Agenda never closes it.
 */
export function agendaBackend(database: Db): AgendaBackend & { repository: ClaimedJobRepository } {
  const repository = new ClaimedJobRepository(database);
  return {
    name: 'MongoDB (claimed locks)',
    repository,
    ownsConnection: false,
    connect: () => repository.connect(),
    disconnect: () => Promise.resolve(),
  };
}
