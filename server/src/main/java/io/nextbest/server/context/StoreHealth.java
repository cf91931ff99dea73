package io.nextbest.server.context;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the durable store can be used right now, as the member last found it: the one
 * place that readiness, gRPC health and the store's own recovery agree on. A store that
 * is down makes the server not ready (a load balancer stops sending it traffic) while it
 * keeps answering what it can from memory.
 */
public final class StoreHealth {

	private final Clock clock;

	private final AtomicReference<State> state;

	/**
	 * A store taken to be up until a failure says otherwise.
	 * @param clock when changes happen
	 */
	public StoreHealth(Clock clock) {
		this.clock = clock;
		this.state = new AtomicReference<>(new State(true, "", clock.instant()));
	}

	/**
	 * @return the store's state now
	 */
	public State state() {
		return this.state.get();
	}

	/**
	 * @return whether the store can be read and written
	 */
	public boolean isUp() {
		return this.state.get().up();
	}

	/**
	 * The store failed: not ready until {@link #markUp()}.
	 * @param problem what failed, for operators (no customer data)
	 * @return whether this changed the state (it was up)
	 */
	public boolean markDown(String problem) {
		State down = new State(false, problem, this.clock.instant());
		State before = this.state.getAndUpdate((current) -> current.up() ? down : current);
		return before.up();
	}

	/**
	 * The store works again.
	 * @return whether this changed the state (it was down)
	 */
	public boolean markUp() {
		State up = new State(true, "", this.clock.instant());
		State before = this.state.getAndUpdate((current) -> current.up() ? current : up);
		return !before.up();
	}

	/**
	 * The store's state.
	 *
	 * @param up whether it can be used
	 * @param problem why not, empty when up
	 * @param since when it last changed
	 */
	public record State(boolean up, String problem, Instant since) {
	}

}
