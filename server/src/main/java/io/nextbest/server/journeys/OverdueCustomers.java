package io.nextbest.server.journeys;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.model.JourneyMap;
import io.nextbest.facts.Stage;
import io.nextbest.server.context.ContextRanges;

/**
 * The customers overdue in a journey now, read from the stored contexts in customer id
 * order: the one answer of the analytics that names customers, so it is computed from the
 * contexts themselves and never kept. A call reads at most {@link #SCAN_BUDGET} stored
 * customers, so its cost is bounded however few of them are overdue; the caller goes on
 * from where it stopped.
 * <p>
 * Overdue is counted as the stock counts it: more than the stage's late-after days
 * between the UTC day the customer reached it and today.
 */
public final class OverdueCustomers {

	/** The most stored customers one call reads. */
	static final int SCAN_BUDGET = 100_000;

	/** Customers per query to the store. */
	private static final int READ_PAGE = 500;

	private final ContextRanges store;

	private final JourneyAnalytics analytics;

	private final int scanBudget;

	/**
	 * @param store the stored contexts
	 * @param analytics the journeys and today
	 */
	public OverdueCustomers(ContextRanges store, JourneyAnalytics analytics) {
		this(store, analytics, SCAN_BUDGET);
	}

	OverdueCustomers(ContextRanges store, JourneyAnalytics analytics, int scanBudget) {
		this.store = store;
		this.analytics = analytics;
		this.scanBudget = scanBudget;
	}

	/**
	 * A page of the customers overdue in a journey.
	 * @param journey the journey
	 * @param stage the stage, or null for every stage with late-after days
	 * @param pageSize the most customers to return
	 * @param after the last customer id of the previous page, or null to start
	 * @return the page, and where to go on
	 * @throws UnknownJourneyException when journeys.yaml does not list the journey
	 */
	public Page page(String journey, Stage stage, int pageSize, String after) {
		JourneyMap.JourneyDefinition definition = this.analytics.journey(journey);
		int today = this.analytics.today();
		List<Overdue> found = new ArrayList<>(Math.min(pageSize, 1_000));
		String[] examined = { after };
		long[] scanned = { 0 };
		BooleanSupplier full = () -> found.size() >= pageSize || scanned[0] >= this.scanBudget;
		this.store.read(new ContextRanges.KeyRange(null, null), after, READ_PAGE, (contexts) -> {
			for (int i = 0; i < contexts.size() && !full.getAsBoolean(); i++) {
				CustomerContext context = contexts.get(i);
				scanned[0]++;
				examined[0] = context.customerId();
				Overdue overdue = overdue(context, definition, stage, today);
				if (overdue != null) {
					found.add(overdue);
				}
			}
		}, full);
		// Full: the rest goes on after the last customer examined (the rest of a page
		// read
		// is read again). Otherwise every stored customer was read.
		return new Page(List.copyOf(found), full.getAsBoolean() ? examined[0] : null);
	}

	private static Overdue overdue(CustomerContext context, JourneyMap.JourneyDefinition definition, Stage stage,
			int today) {
		for (JourneyPosition position : context.journeys()) {
			if (!position.journey().equals(definition.name()) || (stage != null && position.stage() != stage)) {
				continue;
			}
			JourneyMap.StageExpectation expected = definition.stage(position.stage());
			int days = today - JourneyAnalytics.day(position.since());
			if (expected != null && days > expected.lateAfterDays()) {
				return new Overdue(context.customerId(), position.stage(), position.since(), days,
						days - expected.lateAfterDays());
			}
		}
		return null;
	}

	/**
	 * A customer overdue in a stage.
	 *
	 * @param customerId the customer
	 * @param stage the stage
	 * @param since when the customer reached it
	 * @param daysInStage UTC days from then to today
	 * @param daysOverdue days past the late-after days
	 */
	public record Overdue(String customerId, Stage stage, long since, int daysInStage, int daysOverdue) {
	}

	/**
	 * @param customers the overdue customers found, in id order
	 * @param after the last customer id read, to go on from; null when every stored
	 * customer was read
	 */
	public record Page(List<Overdue> customers, String after) {
	}

}
