import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import type { Learner, LoadProposal, TeamLoad } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { formatRange } from "../../lib/time";
import { fairnessWords, nameOf } from "../../load/bands";
import { ErrorNotice } from "../ErrorNotice";

/** FlagsPanel lists the team's burnout flags, each explaining itself. */
export function FlagsPanel({ team }: { team: TeamLoad }) {
  return (
    <section className="panel load-flags" aria-labelledby="load-flags-title" data-testid="load-flags">
      <h2 className="panel__title" id="load-flags-title">
        Flags
      </h2>
      {team.flags.length === 0 ? (
        <p className="muted">No burnout flags: everyone is within the team&apos;s limits.</p>
      ) : (
        <ul className="load-flags__list">
          {team.flags.map((f, i) => (
            <li key={`${f.code}-${f.user_id ?? "team"}-${i}`} className="load-flag" data-code={f.code} data-testid="load-flag">
              <span className="load-flag__code">{f.code.replaceAll("_", " ")}</span> {f.message}
            </li>
          ))}
        </ul>
      )}
      <p className="muted" data-testid="load-fairness">
        Fairness {team.fairness.toFixed(2)} ({fairnessWords(team.fairness)}): the Gini coefficient of weighted interruptions, where a
        sleep-hour interruption weighs 3, an off-hours one 2 and a business-hours one 1; 0 means everyone carries the same.
        {team.rotation ? ` Rotation of ${team.rotation.size} (SRE minimum ${team.rotation.sre_minimum}).` : ""}
      </p>
    </section>
  );
}

/** LearnersPanel shows each learner's path to full on-call, with Promote for team admins. */
export function LearnersPanel({ team, mayManage, onChanged }: { team: TeamLoad; mayManage: boolean; onChanged: () => void }) {
  return (
    <section className="panel" aria-labelledby="load-learners-title" data-testid="load-learners">
      <h2 className="panel__title" id="load-learners-title">
        Learners
      </h2>
      {team.learners.length === 0 ? (
        <p className="muted">Nobody is shadowing or on business hours only.</p>
      ) : (
        <ul className="load-list">
          {team.learners.map((l) => (
            <LearnerRow key={`${l.schedule_id}-${l.user_id}`} teamId={team.id} learner={l} name={nameOf(team, l.user_id)} mayManage={mayManage} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}

function LearnerRow({ teamId, learner, name, mayManage, onChanged }: { teamId: string; learner: Learner; name: string; mayManage: boolean; onChanged: () => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const needed = learner.needed ?? 4;
  const done = learner.stage === "business_hours" ? (learner.business_hours_shifts ?? 0) : (learner.shadow_shifts ?? 0);
  const layer = learner.layers[0];
  const promote = async () => {
    if (!layer) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.promoteLearner(teamId, learner.user_id, learner.schedule_id, layer.id);
      onChanged();
    } catch (err: unknown) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="load-learner" data-testid="load-learner">
      <div>
        <strong>{name}</strong> <span className="muted">({learner.stage.replace("_", " ")} on {learner.schedule_name})</span>
      </div>
      <label className="load-learner__progress">
        <span className="sr-only">{name}&apos;s progress</span>
        <progress value={Math.min(done, needed)} max={needed} />
        <span>
          {done} of {needed}
        </span>
      </label>
      <p>{learner.message}</p>
      {mayManage && learner.ready && layer ? (
        <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void promote()}>
          Promote {name} to {layer.name}
        </button>
      ) : null}
      <ErrorNotice error={error} />
    </li>
  );
}

/** ProposalsPanel shows Rota's proposals for the coming weeks, before and after, with Accept for team admins. */
export function ProposalsPanel({ team, mayManage, onChanged }: { team: TeamLoad; mayManage: boolean; onChanged: () => void }) {
  const [done, setDone] = useState("");
  return (
    <section className="panel" aria-labelledby="load-proposals-title" data-testid="load-proposals">
      <h2 className="panel__title" id="load-proposals-title">
        Proposals
      </h2>
      {done ? (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      ) : null}
      {team.proposals.length === 0 ? (
        <p className="muted">Nothing to even out in the coming weeks.</p>
      ) : (
        team.proposals.map((p) => (
          <ProposalCard
            key={`${p.schedule_id}-${p.digest}`}
            team={team}
            proposal={p}
            mayManage={mayManage}
            onAccepted={(n) => {
              setDone(`Accepted: ${n} override${n === 1 ? "" : "s"} added to ${p.schedule_name}.`);
              onChanged();
            }}
          />
        ))
      )}
    </section>
  );
}

function ProposalCard({ team, proposal: p, mayManage, onAccepted }: { team: TeamLoad; proposal: LoadProposal; mayManage: boolean; onAccepted: (n: number) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const zone = team.time_zone;
  const accept = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const made = await api.acceptProposal(p);
      onAccepted(made.length);
    } catch (err: unknown) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="load-proposal" aria-label={`Proposal for ${p.schedule_name}`} data-testid="load-proposal">
      <h3 className="panel__subtitle">
        {p.schedule_name}: {formatRange(p.from, p.to, { timeZone: zone })}
      </h3>
      <p data-testid="load-proposal-fairness">
        Fairness {p.fairness_before.toFixed(2)} → {p.fairness_after.toFixed(2)}
      </p>
      <table className="load-table">
        <thead>
          <tr>
            <th scope="col">Engineer</th>
            <th scope="col">Weighted load before</th>
            <th scope="col">After</th>
            <th scope="col">On call h before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {p.loads.map((l) => (
            <tr key={l.user_id}>
              <th scope="row">{nameOf(team, l.user_id)}</th>
              <td>{l.before.toFixed(1)}</td>
              <td>{l.after.toFixed(1)}</td>
              <td>{Math.round(l.oncall_hours_before)}</td>
              <td>{Math.round(l.oncall_hours_after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.swaps.length > 0 ? (
        <ul className="load-list">
          {p.swaps.map((s, i) => (
            <li key={i}>
              {nameOf(team, s.to_user_id)} takes {s.tier} from {nameOf(team, s.from_user_id)}, {formatRange(s.start, s.end, { timeZone: zone })}
            </li>
          ))}
        </ul>
      ) : null}
      {p.orders.length > 0 ? (
        <p className="muted">
          New order: {p.orders.map((o) => o.after.map((id) => nameOf(team, id)).join(" → ")).join("; ")} (applied as overrides for these weeks)
        </p>
      ) : null}
      {mayManage ? (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void accept()}>
          Accept proposal for {p.schedule_name}
        </button>
      ) : (
        <p className="muted">A team admin can accept it.</p>
      )}
      {error ? (
        <p className="notice notice--error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </article>
  );
}

/**
 * RecoveryPanel lists the nights that woke someone, with cover suggested
 * for their next business hours on call; the engineer it is about asks the
 * suggested colleague with one click (a swap request).
 */
export function RecoveryPanel({ team, meId }: { team: TeamLoad; meId: string }) {
  if (team.recoveries.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="load-recovery-title" data-testid="load-recoveries">
      <h2 className="panel__title" id="load-recovery-title">
        Recovery after a rough night
      </h2>
      <ul className="load-list">
        {team.recoveries.map((r) => (
          <RecoveryRow key={`${r.user_id}-${r.night}-${r.schedule_id}`} team={team} recovery={r} mine={r.user_id === meId} />
        ))}
      </ul>
    </section>
  );
}

function RecoveryRow({ team, recovery: r, mine }: { team: TeamLoad; recovery: TeamLoad["recoveries"][number]; mine: boolean }) {
  const api = useApi();
  const [state, setState] = useState<"idle" | "busy" | "sent">("idle");
  const [error, setError] = useState<unknown>(undefined);
  const ask = async () => {
    setState("busy");
    setError(undefined);
    try {
      await api.requestSwap(r.schedule_id, { tier: r.tier, target_id: r.target_id, start: r.start, end: r.end, message: `Recovery after the night of ${r.night}` });
      setState("sent");
    } catch (err: unknown) {
      setError(err);
      setState("idle");
    }
  };
  const target = r.target_id ? nameOf(team, r.target_id) : "";
  return (
    <li className="load-learner" data-testid="load-recovery">
      <p>{r.message}</p>
      {mine && target ? (
        state === "sent" ? (
          <span className="muted" role="status">
            Asked {target} to cover.
          </span>
        ) : (
          <button type="button" className="button button--small" disabled={state === "busy"} onClick={() => void ask()}>
            Ask {target} to cover
          </button>
        )
      ) : null}
      <ErrorNotice error={error} />
    </li>
  );
}
