// The console: sign-in with the marketer's token, then one page per address
// (#/overview, #/customer?id=..., #/whatif, #/journeys, #/voice), each drawn from the
// procedures the caller's roles allow.

import { call, CallError, forgetToken, keepToken, token } from "./api.js";
import { h, problem } from "./view.js";
import * as overview from "./overview.js";
import * as customer from "./customer.js";
import * as whatif from "./whatif.js";
import * as journeys from "./journeys.js";
import * as voice from "./voice.js";

const PAGES = { overview, customer, whatif, journeys, voice };

const $ = (id) => document.getElementById(id);

/** What the server says of the console: where rule files open (settings.json). */
let settings = { sourceLink: "" };

/** Shown in the status line, read out by screen readers. */
export function status(text) {
  $("status").textContent = text;
}

async function signedIn() {
  try {
    // Any marketer may read the serving rule set: the check that the token serves here.
    await call("RulesAdminService/GetRuleSet");
    return null;
  } catch (error) {
    return error;
  }
}

function showSignIn(error) {
  $("nav").hidden = true;
  $("sign-out").hidden = true;
  $("content").replaceChildren();
  $("sign-in").hidden = false;
  $("sign-in-problem").textContent = error ? refusal(error) : "";
  $("token").focus();
}

function refusal(error) {
  if (error.code === "unauthenticated") {
    return "The server did not accept this token.";
  }
  if (error.code === "permission_denied") {
    return "This token has no marketer role (rules-reader or rules-editor): the console shows nothing to it.";
  }
  return `The server answered ${error.code}: ${error.message}`;
}

async function start() {
  settings = await fetch("settings.json").then((answer) => answer.json()).catch(() => settings);
  $("sign-in").addEventListener("submit", async (event) => {
    event.preventDefault();
    keepToken($("token").value.trim());
    $("token").value = "";
    const error = await signedIn();
    if (error) {
      forgetToken();
      showSignIn(error);
      return;
    }
    await show();
  });
  $("sign-out").addEventListener("submit", (event) => {
    event.preventDefault();
    forgetToken();
    showSignIn(null);
  });
  window.addEventListener("hashchange", () => {
    // Signed out, an address shows nothing but the sign-in.
    if (token() !== null) {
      show();
    }
  });
  if (token() === null) {
    showSignIn(null);
    return;
  }
  const error = await signedIn();
  if (error) {
    forgetToken();
    showSignIn(error);
    return;
  }
  await show();
}

/** The page of the address, drawn anew. */
async function show() {
  const [path, query] = (location.hash.replace(/^#\/?/, "") || "overview").split("?");
  const name = PAGES[path] ? path : "overview";
  $("sign-in").hidden = true;
  $("nav").hidden = false;
  $("sign-out").hidden = false;
  $("signed-in").textContent = token() ? "Signed in with a token" : "Signed in without a token";
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.getAttribute("href") === `#/${name}`) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  // Each drawing gets its own element: when a later address (or the sign-in) replaces it
  // before a slow page is done, that page finishes into an element no longer shown.
  const page = h("div", {}, h("p", { className: "loading" }, "Loading…"));
  $("content").replaceChildren(page);
  status(`Loading ${name}`);
  try {
    await PAGES[name].render(page, { settings, params: new URLSearchParams(query ?? ""), status });
    if (!page.isConnected) {
      return;
    }
    status(`${name} loaded`);
  } catch (error) {
    if (!page.isConnected) {
      return;
    }
    if (error instanceof CallError && (error.code === "unauthenticated")) {
      forgetToken();
      showSignIn(error);
      return;
    }
    page.replaceChildren(problem(error));
    status(`${name}: ${error.message}`);
  }
  $("page").focus();
}

start();
