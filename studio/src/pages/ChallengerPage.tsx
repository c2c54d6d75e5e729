import type { PrincipalView } from '../api/types';
import { RequestForm } from '../challenger/RequestForm';
import { TestList } from '../challenger/TestList';
import { TestView } from '../challenger/TestView';
import { CHALLENGER_TERMS as T } from '../challenger/terms';

export const CHALLENGER_PATH = '/challenger';

/** Who sees the page: those who read the tests (the API's readers). */
export const challengerAccess = {
  read: (me: PrincipalView) => me.roles.some((role) => ['admin', 'policy-owner', 'approver', 'auditor', 'branch-operator'].includes(role)),
  request: (me: PrincipalView) => me.roles.some((role) => ['admin', 'policy-owner', 'approver'].includes(role)),
};

/** 冠军挑战者 Champion/challenger (docs/champion-challenger.md): /challenger the tests and a request form, /challenger/:testId one test. */
export function ChallengerPage({ path, me }: { path: string; me: PrincipalView }) {
  const testId = decodeURIComponent(path.slice(CHALLENGER_PATH.length).replace(/^\/|\/$/g, ''));
  if (testId) return <TestView key={testId} testId={testId} me={me} />;
  return (
    <>
      <h1>{T.title}</h1>
      <TestList />
      {challengerAccess.request(me) && <RequestForm />}
    </>
  );
}
