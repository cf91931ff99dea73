package io.nextbest.server.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.crdt.pncounter.PNCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.server.rules.CurrentRuleSet;

/**
 * Every customer's responses to each action, counted cluster-wide: the population side of
 * the propensity ({@link io.nextbest.engine.policy.Arbitration}).
 * <p>
 * <b>What counts.</b> Only outcome events the context store APPLIED, so that a re-sent
 * (DUPLICATE) or outdated (STALE) event does not count twice; only actions the serving
 * catalogue lists, so that callers cannot create counters at will. Impressions and sends
 * are exposures, clicks and accepts positive responses, per action and channel (the rate
 * of an action differs by channel: a banner is seen by many and clicked by few, an email
 * is opened by those it interests).
 * <p>
 * <b>Where.</b> In Hazelcast PN counters (conflict-free replicated counters, part of
 * Hazelcast Community, no CP subsystem), two per action and channel. Every member holds a
 * replica of every counter, so adding to one and reading it stay on the member; the
 * members exchange their counts in the background (every second by default). An IMap
 * updated by entry processors would send every update to the partition owner, whose
 * partition threads also wait on the durable store's commits.
 * <p>
 * <b>When.</b> Recording an outcome only adds to a local tally: no remote call, no lock,
 * on the thread that completed the event. Once a second a background thread adds the
 * tallies to the PN counters and reads every counter into an immutable
 * {@link PopulationRates} snapshot, which decisions read without a remote call.
 * <p>
 * <b>Staleness.</b> An outcome shows in this member's decisions within a refresh (about 1
 * s), in other members' within about 3 s (this member's refresh, the counters'
 * replication, theirs). The counts live in memory: a restart of the whole cluster starts
 * them again from zero (each action gets the configured prior until the population has
 * enough impressions of it again), and a member that dies takes with it the outcomes it
 * had not yet passed on (at most about two seconds' worth).
 */
@Component
public class PopulationResponses implements AutoCloseable {

	/** The prefix of the PN counters' names: {@code PREFIX + action/CHANNEL/measure}. */
	static final String PREFIX = "nextbest-population/";

	static final String EXPOSURES = "exposures";

	static final String POSITIVES = "positives";

	/** How often the tallies are passed on and the snapshot is refreshed. */
	static final Duration REFRESH = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(PopulationResponses.class);

	private final HazelcastInstance hazelcast;

	private final Predicate<String> counted;

	/** Outcomes counted here and not yet added to the PN counters, by counter name. */
	private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();

	private final ScheduledExecutorService refresher;

	private volatile PopulationRates rates = PopulationRates.NONE;

	@Autowired
	PopulationResponses(HazelcastInstance hazelcast, CurrentRuleSet rules) {
		this(hazelcast, (actionId) -> rules.get().catalogue().get(actionId) != null, REFRESH);
	}

	/**
	 * Counts outcomes and refreshes the snapshot in the background.
	 * @param hazelcast the member whose PN counters hold the counts
	 * @param counted which actions are counted
	 * @param refresh how often the snapshot is refreshed; zero for never (tests call
	 * {@link #refresh()})
	 */
	PopulationResponses(HazelcastInstance hazelcast, Predicate<String> counted, Duration refresh) {
		this.hazelcast = hazelcast;
		this.counted = counted;
		this.refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "population-responses");
			thread.setDaemon(true);
			return thread;
		});
		if (!refresh.isZero()) {
			this.refresher.scheduleWithFixedDelay(this::refreshQuietly, refresh.toMillis(), refresh.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Counts an event if it is an outcome that was applied. Cheap and non-blocking: it
	 * runs where the store completes the event.
	 * @param event an event
	 * @param disposition what the store did with it
	 */
	public void record(ContextEvent event, EventDisposition disposition) {
		if (disposition != EventDisposition.APPLIED || !(event instanceof ContextEvent.OutcomeRecorded outcome)) {
			return;
		}
		String measure = measure(outcome.outcome());
		if (measure == null || !this.counted.test(outcome.actionId())) {
			return;
		}
		this.pending.computeIfAbsent(name(outcome.actionId(), outcome.channel(), measure), (n) -> new LongAdder())
			.increment();
	}

	/**
	 * The latest snapshot of the population's counts, at most a refresh old on this
	 * member.
	 * @return the snapshot
	 */
	public PopulationRates rates() {
		return this.rates;
	}

	/**
	 * Adds the local tallies to the cluster's counters and reads them all into a new
	 * snapshot.
	 */
	synchronized void refresh() {
		flush();
		PopulationRates.Builder rates = PopulationRates.builder();
		for (DistributedObject object : this.hazelcast.getDistributedObjects()) {
			if (object instanceof PNCounter counter && counter.getName().startsWith(PREFIX)) {
				add(rates, counter);
			}
		}
		this.rates = rates.build();
	}

	private void flush() {
		for (Map.Entry<String, LongAdder> tally : this.pending.entrySet()) {
			long delta = tally.getValue().sumThenReset();
			if (delta != 0) {
				try {
					this.hazelcast.getPNCounter(tally.getKey()).addAndGet(delta);
				}
				catch (RuntimeException ex) {
					// Kept for the next refresh.
					tally.getValue().add(delta);
					throw ex;
				}
			}
		}
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// Shutting down.
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh the population's response counts; decisions use the last snapshot", ex);
		}
	}

	private static void add(PopulationRates.Builder rates, PNCounter counter) {
		String name = counter.getName();
		int measureAt = name.lastIndexOf('/');
		int channelAt = name.lastIndexOf('/', measureAt - 1);
		if (channelAt < PREFIX.length()) {
			return;
		}
		Channel channel;
		try {
			channel = Channel.valueOf(name.substring(channelAt + 1, measureAt));
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		String actionId = name.substring(PREFIX.length(), channelAt);
		String measure = name.substring(measureAt + 1);
		long count = value(counter);
		if (EXPOSURES.equals(measure)) {
			rates.add(actionId, channel, count, 0);
		}
		else if (POSITIVES.equals(measure)) {
			rates.add(actionId, channel, 0, count);
		}
	}

	private static long value(PNCounter counter) {
		try {
			return counter.get();
		}
		catch (com.hazelcast.core.ConsistencyLostException ex) {
			// The replica this member read before left the cluster: read on from ours.
			counter.reset();
			return counter.get();
		}
	}

	static String name(String actionId, Channel channel, String measure) {
		return PREFIX + actionId + '/' + channel.name() + '/' + measure;
	}

	private static String measure(Outcome outcome) {
		return switch (outcome) {
			case IMPRESSION, SENT -> EXPOSURES;
			case CLICK, ACCEPT -> POSITIVES;
			default -> null;
		};
	}

	/** Passes the last tallies on, then stops refreshing. */
	@Override
	public void close() {
		this.refresher.shutdownNow();
		try {
			synchronized (this) {
				flush();
			}
		}
		catch (RuntimeException ex) {
			// The member is going away; what it had not passed on is lost.
		}
	}

}
