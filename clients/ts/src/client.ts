/**
 * The NextBest client, shaped for render time: a decision within a short deadline, or the
 * caller's fallback, so that a page never waits on the decisioning server.
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { type Channel } from "./gen/nba/v1/common_pb.js";
import {
  EventSchema,
  type Outcome,
  type RecordEventResponse,
  ContextService,
} from "./gen/nba/v1/context_pb.js";
import {
  type Action,
  type ChannelDecision,
  type DecideResponse,
  DecisionService,
} from "./gen/nba/v1/decision_pb.js";

/** The deadline of a decision unless one is given: tens of milliseconds, as a page can wait. */
export const DEFAULT_DECIDE_DEADLINE_MS = 50;

/** The deadline of recording an event unless one is given. */
export const DEFAULT_RECORD_DEADLINE_MS = 2_000;

/** A bearer token, or a function that returns the current one (a browser's short-lived token). */
export type Token = string | (() => string | Promise<string>);

/** What a client is made from; see `nodeClient` and `webClient` for the transports. */
export interface ClientOptions {
  /** How calls travel: HTTP/2 gRPC for Node, the Connect protocol for browsers. */
  transport: Transport;
  /** The default deadline of `decide`, in milliseconds. */
  decideDeadlineMs?: number;
}

/** What `decide` takes besides the customer and channels. */
export interface DecideOptions<F> {
  /** The placement on the page (e.g. `home-hero`); also sent as the request context's placement. */
  placement?: string;
  /** The page being rendered, for rules that look at it. */
  page?: string;
  /** Request attributes the rules can read. */
  attributes?: Record<string, string>;
  /** This call's deadline in milliseconds; the client's default otherwise. */
  deadlineMs?: number;
  /**
   * Returned instead of throwing when the call fails for any reason (slow, down, refused),
   * so that a page always has something to render. Without it, errors are thrown as
   * `ConnectError`s.
   */
  fallback?: F;
}

/** A decision the server made. */
export class Decision {
  readonly ok = true;

  constructor(
    /** The customer it was made for. */
    readonly customerId: string,
    /** The server's answer as the API defines it. */
    readonly response: DecideResponse,
  ) {}

  /** The decision's id, to report outcomes against. */
  get decisionId(): string {
    return this.response.decisionId;
  }

  /** The decision for a channel (and placement, when asked by placement). */
  channel(channel: Channel, placement?: string): ChannelDecision | undefined {
    return this.response.channels.find(
      (decided) => decided.channel === channel && (placement === undefined || decided.placement === placement),
    );
  }

  /** The first action for a channel, or undefined when it was suppressed or has none. */
  action(channel: Channel, placement?: string): Action | undefined {
    const decided = this.channel(channel, placement);
    return decided?.outcome.case === "action" ? decided.outcome.value : undefined;
  }
}

/** The caller's fallback, returned because no decision came in time. */
export interface FellBack<F> {
  readonly ok: false;
  readonly fallback: F;
  /** Why: `deadline_exceeded` when slow, `unavailable` when down, or another code. */
  readonly error: ConnectError;
}

/** The NextBest API for websites and apps. */
export class NextBest {
  private readonly decisions: Client<typeof DecisionService>;
  private readonly context: Client<typeof ContextService>;
  private readonly decideDeadlineMs: number;

  constructor(options: ClientOptions) {
    this.decisions = createClient(DecisionService, options.transport);
    this.context = createClient(ContextService, options.transport);
    this.decideDeadlineMs = options.decideDeadlineMs ?? DEFAULT_DECIDE_DEADLINE_MS;
  }

  /**
   * Asks for the next best action of a customer on the given channels, within the
   * deadline. With a fallback, any failure returns it; without, it throws the `ConnectError`.
   */
  decide(customerId: string, channels: Channel[], options?: DecideOptions<never>): Promise<Decision>;
  decide<F>(customerId: string, channels: Channel[], options: DecideOptions<F> & { fallback: F }): Promise<Decision | FellBack<F>>;
  async decide<F>(customerId: string, channels: Channel[], options: DecideOptions<F> = {}): Promise<Decision | FellBack<F>> {
    try {
      const response = await this.decisions.decide(
        {
          customerId,
          channels,
          context: {
            page: options.page ?? "",
            placement: options.placement ?? "",
            attributes: options.attributes ?? {},
          },
        },
        { timeoutMs: options.deadlineMs ?? this.decideDeadlineMs },
      );
      return new Decision(customerId, response);
    } catch (error) {
      if (!("fallback" in options)) {
        throw ConnectError.from(error);
      }
      return { ok: false, fallback: options.fallback as F, error: ConnectError.from(error) };
    }
  }

  /**
   * Reports what the customer did with an action of a decision (an impression, a click,
   * ...), so that the next decision applies the contact policy to it.
   */
  recordOutcome(decision: Decision, action: Action | string, outcome: Outcome, deadlineMs = DEFAULT_RECORD_DEADLINE_MS): Promise<RecordEventResponse> {
    const actionId = typeof action === "string" ? action : action.actionId;
    const decided = decision.response.channels.find(
      (channel) => channel.outcome.case === "action" && channel.outcome.value.actionId === actionId
        || channel.actions.some((candidate) => candidate.actionId === actionId),
    );
    if (decided === undefined) {
      throw new ConnectError(`action ${actionId} is not in decision ${decision.decisionId}`, Code.InvalidArgument);
    }
    return this.recordEvent(
      {
        customerId: decision.customerId,
        payload: {
          case: "outcomeRecorded",
          value: { decisionId: decision.decisionId, actionId, channel: decided.channel, outcome },
        },
      },
      deadlineMs,
    );
  }

  /**
   * Records one event; its id (a random UUID) and time (now) are filled in when not given.
   * Re-sending the same event id is answered `DUPLICATE` and changes nothing.
   */
  recordEvent(event: MessageInitShape<typeof EventSchema>, deadlineMs = DEFAULT_RECORD_DEADLINE_MS): Promise<RecordEventResponse> {
    const complete = create(EventSchema, event);
    if (complete.eventId === "") {
      complete.eventId = eventId();
    }
    if (complete.occurredAt === undefined) {
      complete.occurredAt = timestampNow();
    }
    return this.context.recordEvent({ event: complete }, { timeoutMs: deadlineMs });
  }
}

/** A random event id: a UUID where the platform makes them (browsers, Node 19+). */
function eventId(): string {
  if (typeof globalThis.crypto?.randomUUID === "function") {
    return globalThis.crypto.randomUUID();
  }
  const hex = () => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0");
  return `${hex()}${hex()}-${hex()}${hex()}`;
}

/** Sends `Authorization: Bearer <token>` with every call. */
export function bearer(token: Token): Interceptor {
  return (next) => async (request) => {
    const value = typeof token === "function" ? await token() : token;
    request.header.set("Authorization", `Bearer ${value}`);
    return next(request);
  };
}
