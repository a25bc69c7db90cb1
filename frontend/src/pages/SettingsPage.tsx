import { ComingSoon } from "../components/ComingSoon";
import { PageHeader } from "../components/PageHeader";

/** SettingsPage holds your profile and notification settings. */
export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" />
      <ComingSoon what="Your profile, contact methods and notification rules." />
    </>
  );
}
