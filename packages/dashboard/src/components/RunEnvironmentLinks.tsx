import type { RunEnvironment } from '../api/types';
import { runEnvironmentView } from '../submission/run-environment';

/** Where a run happened, as links (GitHub run, Databricks job...) opening in a new tab. */
export function RunEnvironmentLinks({ environments, detailed = false }: { environments: RunEnvironment[]; detailed?: boolean }) {
  if (environments.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="plain-list" data-testid="run-environments">
      {environments.map((environment, index) => {
        const view = runEnvironmentView(environment.runData);
        return (
          <li key={index} data-testid="run-environment">
            {view.link ? (
              <a href={view.link.url} target="_blank" rel="noopener noreferrer" data-testid="run-environment-link">
                {view.link.label}
              </a>
            ) : (
              <span>{view.platform ?? 'Run'}</span>
            )}
            {environment.stage && <span class="muted small"> ({environment.stage})</span>}
            {detailed && view.facts.length > 0 && (
              <dl class="kv small">
                {view.facts.map((fact) => [
                  <dt key={`${fact.key}:k`}>{fact.key}</dt>,
                  <dd key={`${fact.key}:v`}>
                    {fact.url ? (
                      <a href={fact.url} target="_blank" rel="noopener noreferrer">
                        {fact.text}
                      </a>
                    ) : (
                      <code>{fact.text}</code>
                    )}
                  </dd>,
                ])}
              </dl>
            )}
          </li>
        );
      })}
    </ul>
  );
}
