import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface TabItem<K extends string> {
  id: K;
  label: ReactNode;
}

/**
 * Tabs after the WAI-ARIA tabs pattern: a tablist of tabs, each controlling the one tabpanel
 * (labelled by its tab); only the selected tab is in the tab order; Left/Right arrows move to the
 * previous/next tab (wrapping), Home/End to the first/last, and select it (automatic activation).
 * `idPrefix` keeps the ids unique on the page.
 */
export function Tabs<K extends string>({
  label,
  idPrefix,
  tabs,
  selected,
  onSelect,
  children,
  panelClassName,
  onPanelKeyDown,
}: {
  label: string;
  idPrefix: string;
  tabs: TabItem<K>[];
  selected: K;
  onSelect: (id: K) => void;
  children: ReactNode;
  panelClassName?: string;
  onPanelKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
}) {
  const buttons = useRef(new Map<K, HTMLButtonElement>());
  const tabId = (id: K) => `${idPrefix}-tab-${id}`;
  const panelId = (id: K) => `${idPrefix}-panel-${id}`;

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const target = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length]!.id;
    onSelect(next);
    buttons.current.get(next)?.focus();
  };

  return (
    <>
      <div role="tablist" className="tabs" aria-label={label} onKeyDown={move}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(element) => {
              if (element) buttons.current.set(tab.id, element);
              else buttons.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            aria-selected={tab.id === selected}
            aria-controls={panelId(tab.id)}
            tabIndex={tab.id === selected ? 0 : -1}
            className={tab.id === selected ? 'tab active' : 'tab'}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={panelId(selected)} aria-labelledby={tabId(selected)} tabIndex={0} className={panelClassName} onKeyDown={onPanelKeyDown}>
        {children}
      </div>
    </>
  );
}
