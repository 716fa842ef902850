// `npm start` serves the designer and API once the runtime lands (issue "Runtime core"). Until then it says
// so plainly, and points at what works today.
console.error(`MFO: the server (designer + API at http://localhost:3000) arrives with the runtime-core issue.
What works today:
  npx mfo validate path/to/flow.json     check a flow definition (see README.md)
  npm test                                run every check`);
process.exit(1);
