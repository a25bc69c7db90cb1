import { Link } from "react-router";
import { PageHeader } from "../components/PageHeader";
import { HOME_PATH } from "../routes";

/** NotFoundPage answers an address the app has no page for. */
export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at this address. <Link to={HOME_PATH}>Go to Now</Link>.
      </p>
    </>
  );
}
