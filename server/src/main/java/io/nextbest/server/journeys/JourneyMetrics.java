package io.nextbest.server.journeys;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.engine.model.JourneyMap;
import io.nextbest.facts.Stage;
import io.nextbest.server.logging.LogThrottle;

/**
 * The journey counts as metrics, per journey listed in the serving journeys.yaml and per
 * stage, so label sets stay bounded: customers in each stage and how many are overdue,
 * moves from stage to stage since counting began, and the moves out of each stage by days
 * spent in it, in cumulative buckets (a histogram, {@code le} in days). Read from the
 * shared durable counts on {@link #refresh()}, so every member of a cluster shows the
 * same figures: take them from one member, or their maximum, never their sum. Read every
 * {@link #REFRESH} on a thread of their own.
 */
public final class JourneyMetrics implements MeterBinder, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JourneyMetrics.class);

	/** How often the figures are read again. */
	static final Duration REFRESH = Duration.ofSeconds(30);

	/** The upper bounds, in days, of the dwell buckets. */
	static final int[] DWELL_BOUNDS = { 7, 14, 21, 30, 60, 90, 180, 365 };

	private final JourneyAnalytics analytics;

	private GaugeSeries stock;

	private GaugeSeries overdue;

	private GaugeSeries moves;

	private GaugeSeries dwell;

	private final LogThrottle throttle = new LogThrottle(LogThrottle.MINUTE);

	private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "journey-metrics");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param analytics the journeys, their stock and moves
	 */
	public JourneyMetrics(JourneyAnalytics analytics) {
		this.analytics = analytics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.stock = new GaugeSeries(MultiGauge.builder("nextbest.journey.stock")
			.description("Customers in a stage of a journey now")
			.baseUnit("customers")
			.register(registry));
		this.overdue = new GaugeSeries(MultiGauge.builder("nextbest.journey.overdue")
			.description("Customers in a stage of a journey for more than its late-after days")
			.baseUnit("customers")
			.register(registry));
		this.moves = new GaugeSeries(MultiGauge.builder("nextbest.journey.moves")
			.description("Moves from a stage of a journey (entered: into the journey) to another, since counting began")
			.register(registry));
		this.dwell = new GaugeSeries(MultiGauge.builder("nextbest.journey.dwell.moves")
			.description("Moves out of a stage of a journey after at most le days in it, since counting began")
			.register(registry));
		this.refresher.scheduleWithFixedDelay(this::refreshLogged, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void refreshLogged() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			long heldBack = this.throttle.admit("journey-metrics");
			if (heldBack >= 0) {
				log.warn("Could not read the journey counts for the metrics{}: {}", LogThrottle.heldBack(heldBack),
						ex.toString());
			}
		}
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
	}

	/**
	 * Reads the counts again, for the journeys listed now; a journey no longer listed
	 * loses its series.
	 */
	public synchronized void refresh() {
		if (this.stock == null) {
			return;
		}
		Map<Tags, Long> stock = new LinkedHashMap<>();
		Map<Tags, Long> overdue = new LinkedHashMap<>();
		Map<Tags, Long> moves = new LinkedHashMap<>();
		Map<Tags, Long> dwell = new LinkedHashMap<>();
		for (JourneyMap.JourneyDefinition journey : this.analytics.journeys()) {
			String name = journey.name();
			for (JourneyAnalytics.StockStage stage : this.analytics.stock(name)) {
				Tags tags = Tags.of("journey", name, "stage", label(stage.stage()));
				stock.put(tags, stage.customers());
				overdue.put(tags, stage.overdue());
			}
			// Since counting began: the days the analytics keep, and those changed since.
			TreeMap<Stage, long[]> buckets = new TreeMap<>();
			for (JourneyAnalytics.Move move : this.analytics.moves(name, Integer.MIN_VALUE, Integer.MAX_VALUE,
					JourneyAnalytics.Grouping.NONE)) {
				moves.merge(Tags.of("journey", name, "from", (move.from() != null) ? label(move.from()) : "entered",
						"to", label(move.to())), move.moves(), Long::sum);
				if (move.from() == null) {
					continue;
				}
				long[] counts = buckets.computeIfAbsent(move.from(), (s) -> new long[DWELL_BOUNDS.length + 1]);
				for (int b = 0; b < DWELL_BOUNDS.length; b++) {
					if (move.dwellDays() <= DWELL_BOUNDS[b]) {
						counts[b] += move.moves();
					}
				}
				counts[DWELL_BOUNDS.length] += move.moves();
			}
			buckets.forEach((stage, counts) -> {
				for (int b = 0; b <= DWELL_BOUNDS.length; b++) {
					String le = (b < DWELL_BOUNDS.length) ? String.valueOf(DWELL_BOUNDS[b]) : "+Inf";
					dwell.put(Tags.of("journey", name, "stage", label(stage), "le", le), counts[b]);
				}
			});
		}
		this.stock.set(stock);
		this.overdue.set(overdue);
		this.moves.set(moves);
		this.dwell.set(dwell);
	}

	private static String label(Stage stage) {
		return stage.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
