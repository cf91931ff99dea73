package io.nextbest.server.journeys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.facts.Stage;

/**
 * A generated population with a scripted stage history per customer, and the figures the
 * journey analytics must give for it, worked out here from the script alone: the moves,
 * the stock per stage and day entered, and who is overdue. Customers of broadband go from
 * evaluation through purchase to onboarding and adoption, with waits drawn from a seeded
 * random, some going back from adoption to onboarding; some are in tv as well, which
 * journeys.yaml does not list ({@link #JOURNEYS}).
 */
public final class ScriptedPopulation {

	/** What the figures are worked out against. */
	public static final String JOURNEYS = """
			journeys:
			  broadband:
			    stages:
			      onboarding: { expected-days: 21, late-after-days: 30 }
			      adoption: { expected-days: 60, late-after-days: 90 }
			""";

	private static final long DAY = Duration.ofDays(1).toMillis();

	private final List<List<ContextEvent>> events = new ArrayList<>();

	private final Map<List<Object>, Long> moves = new HashMap<>();

	private final Map<Stage, Long> stock = new HashMap<>();

	private final Map<Stage, Long> overdue = new HashMap<>();

	private final SortedSet<String> overdueCustomers = new TreeSet<>();

	private final int today;

	/**
	 * @param customers how many customers
	 * @param start when the first customer may enter, in epoch milliseconds
	 * @param today the day the figures are for, in days since 1970-01-01: after every
	 * event
	 * @param seed the seed of the waits
	 */
	public ScriptedPopulation(int customers, long start, int today, long seed) {
		this.today = today;
		Random random = new Random(seed);
		for (int c = 0; c < customers; c++) {
			String customer = String.format("pop-%05d", c);
			List<ContextEvent> script = new ArrayList<>();
			long at = start + random.nextInt(100) * DAY + random.nextInt((int) DAY);
			Stage stage = Stage.EVALUATION;
			long since = at;
			add(script, customer, at, "broadband", stage);
			move(null, stage, at);
			Stage[] path = { Stage.PURCHASE, Stage.ONBOARDING, Stage.ADOPTION };
			int[] maxWait = { 10, 3, 60 };
			for (int i = 0; i < path.length && random.nextInt(10) < 8; i++) {
				at += (1 + random.nextInt(maxWait[i])) * DAY + random.nextInt(1000);
				move(stage, path[i], at);
				add(script, customer, at, "broadband", path[i]);
				stage = path[i];
				since = at;
			}
			if (stage == Stage.ADOPTION && random.nextInt(10) == 0) {
				at += (1 + random.nextInt(20)) * DAY;
				move(stage, Stage.ONBOARDING, at);
				add(script, customer, at, "broadband", Stage.ONBOARDING);
				stage = Stage.ONBOARDING;
				since = at;
			}
			if (random.nextInt(4) == 0) {
				add(script, customer, start + random.nextInt(150) * DAY, "tv", Stage.ONBOARDING);
			}
			this.stock.merge(stage, 1L, Long::sum);
			int days = today - JourneyAnalytics.day(since);
			int late = switch (stage) {
				case ONBOARDING -> 30;
				case ADOPTION -> 90;
				default -> Integer.MAX_VALUE;
			};
			if (days > late) {
				this.overdue.merge(stage, 1L, Long::sum);
				this.overdueCustomers.add(customer);
			}
			this.events.add(List.copyOf(script));
		}
	}

	private void move(Stage from, Stage to, long at) {
		this.moves.merge(java.util.Arrays.asList(from, to), 1L, Long::sum);
	}

	private static void add(List<ContextEvent> script, String customer, long at, String journey, Stage stage) {
		script.add(new ContextEvent.StageChanged(customer + "-" + script.size(), customer, at, journey, stage));
	}

	/**
	 * @return each customer's events, in the order they happened
	 */
	public List<List<ContextEvent>> events() {
		return this.events;
	}

	/**
	 * @return broadband's moves by stage left (null on entering) and stage reached
	 */
	public Map<List<Object>, Long> moves() {
		return this.moves;
	}

	/**
	 * @return broadband's customers per stage now
	 */
	public Map<Stage, Long> stock() {
		return this.stock;
	}

	/**
	 * @return broadband's overdue customers per stage today
	 */
	public Map<Stage, Long> overdue() {
		return this.overdue;
	}

	/**
	 * @return the ids of broadband's overdue customers
	 */
	public SortedSet<String> overdueCustomers() {
		return this.overdueCustomers;
	}

	/**
	 * @return the day the figures are for
	 */
	public int today() {
		return this.today;
	}

}
