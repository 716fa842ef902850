/** The frame around every page: the product name, navigation, signing out, and the page's error boundary. */
import type { ReactNode } from "react";
import { navigate } from "../../hooks/useRoute.js";
import { ErrorBoundary } from "../ErrorBoundary/index.js";

export interface ShellProps {
  current: "flows" | "instances" | "editor" | "secrets";
  onSignOut(): void;
  children: ReactNode;
}

export function Shell({ current, onSignOut, children }: ShellProps) {
  const link = (path: string, label: string, page: ShellProps["current"]) => (
    <a
      href={path}
      aria-current={current === page ? "page" : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(path);
      }}
    >
      {label}
    </a>
  );
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">MFO</span>
        <nav aria-label="Main">
          {link("/", "Flow types", "flows")}
          {link("/instances", "Instances", "instances")}
          {link("/secrets", "Secrets", "secrets")}
        </nav>
        <button type="button" className="quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {/* A page that throws shows its error and a way back here, under the same top bar, not a blank app. */}
      <ErrorBoundary what="this page" resetKeys={[current, window.location.pathname, window.location.search]}>
        {children}
      </ErrorBoundary>
    </div>
  );
}
