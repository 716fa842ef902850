/**
 * The designer: signs in with an API key, then routes between the flow-type list, the editor, the instances
 * list and the run view. Pages talk to the runtime through one API client.
 */
import { useMemo, useState } from "react";
import { createApiClient } from "./api/api-client.js";
import { currentKey, forgetKey, rememberKey, takeKeyFromUrl } from "./api/session.js";
import { FlowList } from "./components/FlowList/index.js";
import { InstancesList } from "./components/InstancesList/index.js";
import { Login } from "./components/Login/index.js";
import { Shell } from "./components/Shell/index.js";
import { navigate, useRoute } from "./hooks/useRoute.js";
import "./styles.css";

takeKeyFromUrl();

export function App() {
  const [key, setKey] = useState<string | null>(currentKey);
  const [loginError, setLoginError] = useState<string | undefined>();
  const route = useRoute();
  const api = useMemo(() => (key ? createApiClient({ key }) : undefined), [key]);

  if (!api) {
    return (
      <Login
        error={loginError}
        onKey={async (candidate) => {
          try {
            await createApiClient({ key: candidate }).listFlowTypes();
            rememberKey(candidate);
            setLoginError(undefined);
            setKey(candidate);
          } catch (e) {
            setLoginError((e as Error).message);
          }
        }}
      />
    );
  }
  const signOut = () => {
    forgetKey();
    setKey(null);
  };
  switch (route.page) {
    case "flows":
      return (
        <Shell current="flows" onSignOut={signOut}>
          <FlowList api={api} />
        </Shell>
      );
    case "instances":
      return (
        <Shell current="instances" onSignOut={signOut}>
          <InstancesList api={api} flowType={route.flowType} />
        </Shell>
      );
    default:
      return (
        <Shell current="flows" onSignOut={signOut}>
          <main className="page">
            <h1>Not here yet</h1>
            <p>
              This page is part of the editor and run view that are being built.{" "}
              <a
                href="/"
                onClick={(e) => {
                  e.preventDefault();
                  navigate("/");
                }}
              >
                Back to flow types
              </a>
            </p>
          </main>
        </Shell>
      );
  }
}
