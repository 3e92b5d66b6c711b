import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';

interface Props {
  /** What to show instead of the page: the error and a way to try again. */
  fallback: (error: Error, retry: () => void) => ReactNode;
  /** A new key (another address) clears the error, so the menu leads out of a broken page. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: string;
}

/**
 * Keeps a page's crash inside the page: the console's menu and header (or the phone's frame) stay,
 * and the fallback says in Chinese what failed. React still reports the error to the console.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // reported by React itself (createRoot's onCaughtError logs it); nothing more to do here
  }

  retry = () => this.setState({ error: null });

  override render() {
    return this.state.error ? this.props.fallback(this.state.error, this.retry) : this.props.children;
  }
}

/** An error boundary that resets when the address changes. */
export function RouteErrorBoundary({
  fallback,
  children,
}: {
  fallback: Props['fallback'];
  children: ReactNode;
}) {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname} fallback={fallback}>
      {children}
    </ErrorBoundary>
  );
}

/** A failed chunk load (a new version was deployed) is fixed by loading the page again, not by retrying. */
export function isChunkLoadError(error: Error): boolean {
  return /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
}
