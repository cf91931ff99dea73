/**
 * The example product page's script: asks for the web placement's next best action as the
 * page renders, and shows it, or the house ad when no decision comes in time.
 */
import { Channel, webClient } from "../src/web.js";

interface Shown {
  source: "nextbest" | "fallback";
  title: string;
  content: string;
}

const HOUSE_AD: Shown = { source: "fallback", title: "Free installation this month", content: "house/free-installation" };

function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? "";
}

async function render(): Promise<void> {
  const client = webClient({ baseUrl: meta("nextbest-url"), token: meta("nextbest-token"), decideDeadlineMs: 2_000 });
  const result = await client.decide(meta("customer-id"), [Channel.WEB], { placement: "product-page", fallback: HOUSE_AD });
  const action = result.ok ? result.action(Channel.WEB) : undefined;
  const shown: Shown = action
    ? { source: "nextbest", title: action.actionId, content: action.contentKey }
    : result.ok ? HOUSE_AD : result.fallback;
  const section = document.getElementById("next-best-action")!;
  section.dataset.source = shown.source;
  section.innerHTML = "";
  const title = section.appendChild(document.createElement("h2"));
  title.className = "action";
  title.textContent = shown.title;
  section.appendChild(document.createElement("p")).textContent = shown.content;
}

render();
