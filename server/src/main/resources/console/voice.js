// Voice: NPS, CSAT and CES by journey, stage and channel over a window, and how many
// detractors got a recovery action in time.

import { call } from "./api.js";
import { answer, channel, day, daysAgo, figure, h, share, stage, table } from "./view.js";

export async function render(content) {
  const from = h("input", { id: "voice-from", type: "date", required: true, value: daysAgo(90) });
  const until = h("input", { id: "voice-until", type: "date", required: true, value: daysAgo(0) });
  const result = h("div", { id: "voice-result" });
  const form = h("form", { className: "card inline", id: "voice-form" },
    h("label", { for: "voice-from" }, "From"), from,
    h("label", { for: "voice-until" }, "Until"), until,
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await answer(result, h("p", {}, "Counting…"), async () => {
      const voice = await call("AnalyticsService/Voice", { from: day(from.value), until: day(until.value) });
      const row = (v) => [v.journey || "(no journey)", stage(v.stage), channel(v.channel), figure(v.npsAnswers), figure(v.nps),
        figure(v.csatAnswers), share(v.csat), figure(v.cesAnswers), figure(v.ces), figure(v.detractors), figure(v.recovered), share(v.recoveryRate)];
      const headers = ["Journey", "Stage", "Channel", "NPS answers", "NPS", "CSAT answers", "CSAT", "CES answers", "CES (1 easy to 7 hard)",
        "Detractors", "Recovered in time", "Recovery rate"];
      return [
        table("Per journey", headers, (voice.totals ?? []).map(row), { id: "voice-totals" }),
        table("By journey, stage and channel", headers, (voice.scores ?? []).map(row), { id: "voice-scores" })];
    });
  });
  content.replaceChildren(h("h2", {}, "Voice of the customer"), form, result);
  form.requestSubmit();
}
