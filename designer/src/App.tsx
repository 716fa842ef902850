/**
 * The designer: signs in with an API key, then routes between the flow-type list, the editor, the instances
 * list and the run view. Pages talk to the runtime through one API client.
 */

import { createFlowService } from "@mfo/client";
import { useMemo, useState } from "react";
import {
  currentKey,
  forgetKey,
  REFUSED_KEY_MESSAGE,
  rememberKey,
  takeKeyFromUrl,
  watchForRefusedKey,
} from "./client/session.js";
import { EditorPage } from "./components/Editor/index.js";
import { FlowList } from "./components/FlowList/index.js";
import { InstancesList } from "./components/InstancesList/index.js";
import { Login } from "./components/Login/index.js";
import { RunView } from "./components/RunView/index.js";
import { SecretsPage } from "./components/SecretsPage/index.js";
import { Shell } from "./components/Shell/index.js";
import { navigate, useRoute } from "./hooks/useRoute.js";
import "./styles.css";

takeKeyFromUrl();

export function App() {
  const [key, setKey] = useState<string | null>(currentKey);
  const [loginError, setLoginError] = useState<string | undefined>();
  const route = useRoute();
  const api = useMemo(() => {
    if (!key) return undefined;
    // A key the server refuses (a wrong ?key= in the URL, a revoked key) leads back to the sign-in form.
    const refused = () => {
      forgetKey();
      setLoginError(REFUSED_KEY_MESSAGE);
      setKey(null);
    };
    return createFlowService({ apiKey: key, fetch: watchForRefusedKey(refused) });
  }, [key]);

  if (!api) {
    return (
      <Login
        error={loginError}
        onKey={async (candidate) => {
          try {
            await createFlowService({ apiKey: candidate }).listFlowTypes();
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
    case "new":
      return (
        <Shell current="editor" onSignOut={signOut}>
          <EditorPage api={api} from={route.from} />
        </Shell>
      );
    case "edit":
      return (
        <Shell current="editor" onSignOut={signOut}>
          <EditorPage
            key={`${route.flowType}@${route.version ?? "draft"}`}
            api={api}
            flowType={route.flowType}
            version={route.version}
          />
        </Shell>
      );
    case "run":
      return (
        <Shell current="instances" onSignOut={signOut}>
          <RunView key={route.instanceId} api={api} instanceId={route.instanceId} at={route.at} />
        </Shell>
      );
    case "secrets":
      return (
        <Shell current="secrets" onSignOut={signOut}>
          <SecretsPage api={api} />
        </Shell>
      );
    case "missing":
      return (
        <Shell current="flows" onSignOut={signOut}>
          <main className="page">
            <h1>Nothing here</h1>
            <p>
              <code>{route.path}</code> is not a page of the designer.{" "}
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
