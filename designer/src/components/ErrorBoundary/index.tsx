/**
 * An error boundary: when a page or panel throws while rendering, it shows the error's message (never a stack), a
 * "Try again" that renders the children anew, and a way back (the flow list by default) instead of a blank app.
 * `resetKeys` try again on their own when what the children show changes (another node, another instance).
 */
import { Component, type ErrorInfo, type ReactNode } from "react";
import { navigate } from "../../hooks/useRoute.js";
import { type BoundaryState, caught, keysChanged } from "./boundary-state.js";

export interface ErrorBoundaryProps {
  /** What failed, as the message names it: "this page", "the node panel". */
  what: string;
  children: ReactNode;
  /** Where "back" leads (default: the flow list). */
  back?: { label: string; onBack(): void };
  resetKeys?: readonly unknown[];
  /** A panel's boundary is compact; a page's fills the page. */
  compact?: boolean;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: undefined };

  static getDerivedStateFromError(thrown: unknown): BoundaryState {
    return caught(thrown);
  }

  override componentDidCatch(thrown: unknown, info: ErrorInfo) {
    // For whoever debugs it: the console keeps the stack; the screen shows only the message.
    console.error(`[designer] ${this.props.what} failed`, thrown, info.componentStack);
  }

  override componentDidUpdate(previous: ErrorBoundaryProps) {
    if (this.state.error && keysChanged(previous.resetKeys, this.props.resetKeys)) this.setState({ error: undefined });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { what, back, compact } = this.props;
    const goBack = back ?? { label: "Back to flow types", onBack: () => navigate("/") };
    return (
      <div role="alert" className={`error-boundary${compact ? " compact" : " page"}`} data-testid="error-boundary">
        <h2>Sorry, {what} stopped working</h2>
        <p className="error">{error.message}</p>
        <p className="help">The rest of the designer still works. Try again, or go back.</p>
        <div className="error-boundary-actions">
          <button type="button" className="primary" onClick={() => this.setState({ error: undefined })}>
            Try again
          </button>
          <button type="button" onClick={goBack.onBack}>
            {goBack.label}
          </button>
        </div>
      </div>
    );
  }
}
