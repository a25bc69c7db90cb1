import { Link } from "react-router";

/** SmsDisabledNotice explains that without Twilio numbers cannot be verified and pages are only recorded. */
export function SmsDisabledNotice() {
  return (
    <div className="notice notice--warning notice--block" role="status" data-testid="sms-disabled">
      <p>
        Twilio is not configured on this Rota server, so numbers cannot be verified and pages are not sent by SMS or phone: they are only recorded. You
        can see them on the <Link to="/alerts">Alerts</Link> page and in each alert’s timeline.
      </p>
      <p>An organisation admin can set a primary phone for you; it counts as verified once Twilio is set up.</p>
    </div>
  );
}
