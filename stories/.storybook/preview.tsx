// What every story gets: the designer's stylesheet, the mocked API (MSW at the network layer: a story lists its
// handlers in `parameters.msw`; an API request no handler answers is an error), and axe checks that fail the
// story's test on any violation.
import type { Preview } from "@storybook/react-vite";
import { setupWorker } from "msw/browser";
import { mswLoader } from "msw-storybook-addon/csf3";
import "@mfo/designer/styles.css";

const preview: Preview = {
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker();
      await worker.start({
        // The worker script sits beside the Storybook: at the root in dev and tests, under /storybook/ when the
        // runtime serves the static build.
        serviceWorker: {
          url: location.pathname.startsWith("/storybook/")
            ? "/storybook/mockServiceWorker.js"
            : "/mockServiceWorker.js",
        },
        quiet: true,
        onUnhandledRequest: (request, print) => {
          if (new URL(request.url).pathname.startsWith("/api/")) print.error();
        },
      });
      return worker;
    }),
  ],
  tags: ["autodocs"],
  parameters: {
    a11y: { test: "error" },
    layout: "fullscreen",
  },
};

export default preview;
