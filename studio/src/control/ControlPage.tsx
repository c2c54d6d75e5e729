import { useState } from 'react';
import type { PrincipalView } from '../api/types';
import { Tabs } from '../components/Tabs';
import { EmergencyView } from './EmergencyView';
import { InspectionsView } from './InspectionsView';
import { PlansView } from './PlansView';
import { CONTROL_TERMS as T } from './terms';

type View = 'plans' | 'inspections' | 'emergency';

/**
 * 内部控制 Internal control (docs/internal-control.md, Arts 34, 8): the whole workflow. Inspection plans drafted,
 * revised and approved (an approver who did not write them); inspections started under an approved plan, with their
 * findings and remediation items, the evidence of each remediation and its review (never by the remediator), and the
 * inspection's completion; emergency plans drafted, approved and activated, their steps marked done and each
 * activation closed with its review. The server decides scope and maker-checker; the page shows its answers in words.
 */
export function ControlPage({ me }: { me: PrincipalView }) {
  const [view, setView] = useState<View>('plans');
  return (
    <>
      <div className="page-header">
        <h1>{T.title}</h1>
      </div>
      <Tabs
        label="internal control views"
        idPrefix="control"
        tabs={[
          { id: 'plans', label: T.plans },
          { id: 'inspections', label: T.inspections },
          { id: 'emergency', label: T.emergency },
        ]}
        selected={view}
        onSelect={setView}
      >
        {view === 'plans' && <PlansView me={me} />}
        {view === 'inspections' && <InspectionsView me={me} />}
        {view === 'emergency' && <EmergencyView me={me} />}
      </Tabs>
    </>
  );
}
