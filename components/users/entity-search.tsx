'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';

/** One suggestion as the box shows it. */
interface Option {
  id: string;
  primary: string;
  secondary: string;
}

type Kind = 'users' | 'merchants';

interface UserHit {
  userId: string;
  orders: number;
}
interface MerchantHit {
  merchantId: string;
  name: string;
  category: string;
  orders: number;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

function toOptions(kind: Kind, body: unknown): Option[] {
  if (kind === 'users') {
    const users = (body as { users?: UserHit[] }).users ?? [];
    return users.map((u) => ({ id: u.userId, primary: u.userId, secondary: plural(u.orders, 'order') }));
  }
  const merchants = (body as { merchants?: MerchantHit[] }).merchants ?? [];
  return merchants.map((m) => ({ id: m.merchantId, primary: m.name, secondary: `${m.merchantId} · ${m.category || 'no category'} · ${plural(m.orders, 'order')}` }));
}

/**
 * Search box with suggestions (ARIA combobox): typing asks /api/v1/{users|merchants}?q= for up
 * to 10 matches; arrows move through them, Enter or a click opens one, Enter without a chosen
 * suggestion opens the typed id, Escape closes the list.
 */
export function EntitySearch({ kind, label, placeholder, initial = '' }: { kind: Kind; label: string; placeholder: string; initial?: string }) {
  const router = useRouter();
  const listId = useId();
  const inputId = useId();
  const [text, setText] = useState(initial);
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<'idle' | 'loading' | 'error'>('idle');
  const [enabled, setEnabled] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    const q = text.trim();
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      setState('loading');
      try {
        const res = await fetch(`/api/v1/${kind}?q=${encodeURIComponent(q)}&limit=10`, { signal: ctrl.signal });
        if (!res.ok) throw new Error(String(res.status));
        setOptions(toOptions(kind, await res.json()));
        setActive(-1);
        setState('idle');
      } catch (e) {
        if ((e as Error).name !== 'AbortError') setState('error');
      }
    }, 120);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text, kind, enabled]);

  const go = (id: string) => {
    if (!id.trim()) return;
    setOpen(false);
    router.push(`/${kind}/${encodeURIComponent(id.trim())}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const n = options.length;
      if (n) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(open && active >= 0 ? (options[active]?.id ?? text) : text);
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  const expanded = open && options.length > 0;
  const status = state === 'loading' ? 'Searching…' : state === 'error' ? 'Search failed: check that the server is running, then type again.' : 'No matches: check the id.';
  return (
    <div className="combo">
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <div className="row" style={{ gap: 8, flexWrap: 'nowrap' }}>
          <input
            id={inputId}
            type="search"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            value={text}
            onChange={(e) => {
              setEnabled(true);
              setText(e.target.value);
              setOpen(true);
            }}
            onFocus={() => {
              setEnabled(true);
              setOpen(true);
            }}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onKeyDown={onKeyDown}
            style={{ flex: 1 }}
          />
          <button type="button" className="btn" onClick={() => go(text)} disabled={!text.trim()}>
            Open
          </button>
        </div>
      </div>
      {expanded && (
        <ul id={listId} role="listbox" aria-label={`${label}: suggestions`} className="combo-list">
          {options.map((o, i) => (
            <li
              key={o.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className="combo-option"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => go(o.id)}
              onMouseEnter={() => setActive(i)}
            >
              <span className="mono">{o.primary}</span> <span className="subtle small">{o.secondary}</span>
            </li>
          ))}
        </ul>
      )}
      {open && enabled && options.length === 0 && text.trim() !== '' && (
        <div className="combo-list combo-empty subtle small" role="status">
          {status}
        </div>
      )}
    </div>
  );
}
