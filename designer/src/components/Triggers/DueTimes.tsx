/** A schedule's next due times, in the user's time zone and, when it differs, the schedule's own. */
import { dueInBothZones } from "./trigger-text.js";

export interface DueTimesProps {
  /** ISO times, UTC. */
  nextDue: readonly string[];
  /** The schedule's IANA zone. */
  zone: string;
  /** The user's zone (the browser's). */
  userZone: string;
}

export function DueTimes({ nextDue, zone, userZone }: DueTimesProps) {
  if (nextDue.length === 0) return <p className="help">No due time.</p>;
  return (
    <ol className="due-times">
      {nextDue.map((iso) => {
        const shown = dueInBothZones(iso, zone, userZone);
        return (
          <li key={iso}>
            <time dateTime={iso}>{shown.user}</time>
            {shown.there ? (
              <span className="help">
                {" "}
                ({shown.there} in {zone})
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
