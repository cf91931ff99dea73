/** The NextBest client: the API's types and the render-time client. */
export * from "./client.js";
export { Channel, JourneyStage, Purpose } from "./gen/nba/v1/common_pb.js";
export { CaseSeverity, ConsentStatus, EventDisposition, Outcome } from "./gen/nba/v1/context_pb.js";
export type { Event, RecordEventResponse } from "./gen/nba/v1/context_pb.js";
export type { Action, ChannelDecision, DecideResponse } from "./gen/nba/v1/decision_pb.js";
export { Code, ConnectError } from "@connectrpc/connect";
