import type { PrincipalView } from '../api/types';
import { PartnerFile } from '../partners/PartnerFile';
import { PartnerForm } from '../partners/PartnerForm';
import { PartnerRegister } from '../partners/PartnerRegister';
import { PARTNER_TERMS as T } from '../partners/terms';
import { NavLink } from '../router';

export const PARTNERS_PATH = '/partners';

/** 渠道合作方 Channel partners (docs/partners.md, Art. 5): /partners the register, /partners/new registration, /partners/:id the file. */
export function PartnersPage({ path, me }: { path: string; me: PrincipalView }) {
  const rest = decodeURIComponent(path.slice(PARTNERS_PATH.length).replace(/^\/|\/$/g, ''));
  const canRegister = me.roles.some((role) => ['branch-operator', 'policy-owner', 'admin'].includes(role));
  return (
    <>
      <nav className="complaint-nav" aria-label="partners">
        <NavLink to={PARTNERS_PATH} path={rest === '' ? PARTNERS_PATH : ''}>
          {T.register}
        </NavLink>
        {canRegister && (
          <NavLink to={`${PARTNERS_PATH}/new`} path={path}>
            {T.newPartner}
          </NavLink>
        )}
      </nav>
      {rest === '' && (
        <>
          <h1>{T.register}</h1>
          <PartnerRegister />
        </>
      )}
      {rest === 'new' && <PartnerForm />}
      {rest !== '' && rest !== 'new' && <PartnerFile key={rest} partnerId={rest} me={me} />}
    </>
  );
}

export const partnerAccess = {
  read: (me: PrincipalView) => me.roles.some((role) => ['branch-operator', 'policy-owner', 'approver', 'auditor', 'admin'].includes(role)),
};
