/**
 * @mfo/client/testing: doubles for tests of code built on the client: a mocked runtime (MSW) with one instance,
 * and a server-sent stream the test writes to. Not part of the client.
 */
export { type FakeStream, fakeStream, flowEvent, watch } from "./stream-fakes.js";
export {
  API,
  BASE,
  eventOf,
  instanceOf,
  instanceRoutes,
  problem,
  requests,
  server,
  service,
  until,
} from "./test-server.js";
