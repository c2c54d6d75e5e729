import { useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { usePagedList } from '../monitoring/usePagedList';
import { controlEndpoints, type Inspection } from './control-endpoints';
import { PagedTable } from './control-ui';
import { InspectionPanel } from './InspectionPanel';
import { InspectionStartForm } from './InspectionStartForm';
import { CONTROL_TERMS as T, KIND_LABELS, STATUS_LABELS } from './terms';

const PAGE = 50;
const MAKERS = ['branch-operator', 'policy-owner', 'approver'];

/** Inspections in scope; one opened below the list with its findings, remediation items and the steps the user may take. */
export function InspectionsView({ me }: { me: PrincipalView }) {
  const [generation, setGeneration] = useState(0);
  const [opened, setOpened] = useState<string>();
  const reload = () => setGeneration((value) => value + 1);
  // generation reloads the list after a change
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => controlEndpoints.inspections({ limit: PAGE, before }, signal),
    [generation],
  );
  const list = usePagedList<Inspection>(fetchPage);
  return (
    <>
      {me.roles.some((role) => MAKERS.includes(role)) && <InspectionStartForm onStarted={reload} />}
      <PagedTable
        label="inspections"
        {...list}
        head={
          <tr>
            <th>{T.inspections}</th>
            <th>{T.kind}</th>
            <th>{T.unit}</th>
            <th>{T.inspectingUnit}</th>
            <th>{T.dueOn}</th>
            <th>{T.status}</th>
            <th>{T.findings}</th>
            <th>{T.remediations}</th>
            <th></th>
          </tr>
        }
        row={(inspection) => (
          <tr key={inspection.inspectionId} data-testid={`inspection-${inspection.inspectionId}`}>
            <td>{inspection.title}</td>
            <td>{KIND_LABELS[inspection.kind]}</td>
            <td>{inspection.orgUnit}</td>
            <td>{inspection.inspectingUnit}</td>
            <td>{inspection.dueOn}</td>
            <td>{STATUS_LABELS[inspection.status]}</td>
            <td>{inspection.findings.length}</td>
            <td>
              {inspection.openRemediations} / {inspection.remediations.length}
              {inspection.remediations.some((item) => item.overdue) && <span className="badge danger"> {T.overdue}</span>}
            </td>
            <td>
              <button type="button" className="secondary" onClick={() => setOpened(opened === inspection.inspectionId ? undefined : inspection.inspectionId)}>
                {opened === inspection.inspectionId ? T.hide : T.open}
              </button>
            </td>
          </tr>
        )}
      />
      {opened && <InspectionPanel key={opened} inspectionId={opened} me={me} onChanged={reload} />}
    </>
  );
}
