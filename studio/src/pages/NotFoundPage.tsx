import { Link } from '../router';
import { TERMS } from '../terms';

/** An address no page claims: say so (the studio used to show the rule-set list instead). */
export function NotFoundPage({ path }: { path: string }) {
  return (
    <section className="card" aria-label="not found">
      <h1>页面不存在 Page not found</h1>
      <p>
        工作台没有此地址 The studio has no page at <code>{path}</code>.
      </p>
      <p>
        <Link to="/">返回 Back to {TERMS.ruleSets}</Link>
      </p>
    </section>
  );
}
