package io.nextbest.engine.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.nextbest.engine.context.ContextEvent.CaseClosed;
import io.nextbest.engine.context.ContextEvent.CaseOpened;
import io.nextbest.engine.context.ContextEvent.ConsentChanged;
import io.nextbest.engine.context.ContextEvent.OutcomeRecorded;
import io.nextbest.engine.context.ContextEvent.ProfileUpdated;
import io.nextbest.engine.context.ContextEvent.StageChanged;
import io.nextbest.engine.context.ContextEvent.SurveyAnswered;
import io.nextbest.engine.context.CustomerContext.ConsentRecord;
import io.nextbest.engine.context.CustomerContext.ContactRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.ProfileAttribute;
import io.nextbest.engine.context.CustomerContext.ServiceCase;
import io.nextbest.engine.context.CustomerContext.StageChange;
import io.nextbest.engine.context.CustomerContext.SurveyRecord;
import io.nextbest.facts.ConsentStatus;

/**
 * Applies one event to a context: idempotent by event id, and order-safe (an event older
 * than what the context knows about the same item is kept out). It is a pure function of
 * its inputs, wall clock included out, so that the partition owner and its backups reach
 * the same state.
 * <p>
 * Event times come from the senders' clocks, which disagree by up to
 * {@link ContextLimits#maxClockSkew() the skew window} (the API refuses events dated
 * further ahead). Where one value of an item is a refusal, it wins ties and the skew
 * window: a denied or revoked consent, a closed case, a removed profile attribute. A
 * grant, a re-opening or a new value replaces a refusal only when it is newer by more
 * than the window; a refusal replaces them unless they are. Otherwise a "yes" dated a few
 * minutes ahead by a fast clock would keep out the customer's later "no". The outcome
 * does not depend on the order the two events arrive in. Stages and survey answers have
 * no refusal: the newer wins, and the bound on future times keeps a fast clock from
 * holding them for more than the window.
 */
public final class EventApplier {

	private EventApplier() {
	}

	/**
	 * The context after an event, and what the event did.
	 *
	 * @param context the new context (the same instance when nothing changed)
	 * @param disposition what the event did
	 * @param transition the change of stage an applied stage change made, or null (none,
	 * or the customer was in that stage already)
	 */
	public record Applied(CustomerContext context, EventDisposition disposition, StageChange transition) {

		/**
		 * An outcome without a change of stage.
		 * @param context the new context
		 * @param disposition what the event did
		 */
		public Applied(CustomerContext context, EventDisposition disposition) {
			this(context, disposition, null);
		}

	}

	/**
	 * Applies an event.
	 * @param current the stored context, or null when there is none
	 * @param event the event
	 * @param limits the bounds to prune to
	 * @return the outcome
	 */
	public static Applied apply(CustomerContext current, ContextEvent event, ContextLimits limits) {
		CustomerContext context = (current != null) ? current : CustomerContext.empty(event.customerId());
		long fingerprint = EventFingerprint.of(event.eventId());
		for (long seen : context.recentEventIds()) {
			if (seen == fingerprint) {
				return new Applied(context, EventDisposition.DUPLICATE);
			}
		}
		CustomerContext changed = change(context, event, limits);
		if (changed == null) {
			return new Applied(context, EventDisposition.STALE);
		}
		StageChange transition = (event instanceof StageChanged e) ? transition(context, e) : null;
		List<StageChange> stageHistory = (transition != null) ? append(context.stageHistory(), transition)
				: context.stageHistory();
		CustomerContext stamped = new CustomerContext(changed.customerId(),
				Math.max(changed.updatedAt(), event.occurredAt()), changed.journeys(), changed.cases(),
				changed.consents(), changed.surveys(), changed.profile(), changed.history(),
				remember(changed.recentEventIds(), fingerprint, limits.eventIdWindow()), 0, stageHistory);
		return new Applied(stamped, EventDisposition.APPLIED, transition);
	}

	/**
	 * The change of stage an applied stage change makes: null when the customer is in
	 * that stage already (a CRM sending the stage again is not a move, and the time in
	 * the stage goes on).
	 */
	private static StageChange transition(CustomerContext before, StageChanged e) {
		int i = indexOf(before.journeys(), (j) -> j.journey().equals(e.journey()));
		if (i < 0) {
			return new StageChange(e.journey(), null, e.stage(), e.occurredAt(), 0);
		}
		JourneyPosition from = before.journeys().get(i);
		return (from.stage() == e.stage()) ? null
				: new StageChange(e.journey(), from.stage(), e.stage(), e.occurredAt(), from.since());
	}

	private static List<StageChange> append(List<StageChange> history, StageChange change) {
		int keep = Math.min(history.size(), CustomerContext.MAX_STAGE_HISTORY - 1);
		List<StageChange> next = new ArrayList<>(keep + 1);
		next.addAll(history.subList(history.size() - keep, history.size()));
		next.add(change);
		return List.copyOf(next);
	}

	/** Returns the changed context, or null when the event is stale. */
	private static CustomerContext change(CustomerContext c, ContextEvent event, ContextLimits limits) {
		if (event instanceof StageChanged e) {
			return stage(c, e);
		}
		if (event instanceof CaseOpened e) {
			return caseOpened(c, e, limits);
		}
		if (event instanceof CaseClosed e) {
			return caseClosed(c, e, limits);
		}
		if (event instanceof ConsentChanged e) {
			return consent(c, e, limits);
		}
		if (event instanceof SurveyAnswered e) {
			return survey(c, e);
		}
		if (event instanceof ProfileUpdated e) {
			return profile(c, e, limits);
		}
		return outcome(c, (OutcomeRecorded) event, limits);
	}

	private static CustomerContext stage(CustomerContext c, StageChanged e) {
		int i = indexOf(c.journeys(), (j) -> j.journey().equals(e.journey()));
		if (i >= 0 && c.journeys().get(i).since() > e.occurredAt()) {
			return null;
		}
		if (i >= 0 && c.journeys().get(i).stage() == e.stage()) {
			// Already there: the customer reached the stage when they first did.
			return c;
		}
		// A move keeps when the customer entered the journey: their cohort.
		long entered = (i < 0) ? e.occurredAt() : c.journeys().get(i).entered();
		JourneyPosition reached = new JourneyPosition(e.journey(), e.stage(), e.occurredAt(), false, entered);
		List<JourneyPosition> journeys = put(c.journeys(), i, reached);
		return new CustomerContext(c.customerId(), c.updatedAt(), journeys, c.cases(), c.consents(), c.surveys(),
				c.profile(), c.history(), c.recentEventIds());
	}

	/**
	 * Closing is the refusal of a case: a case opened again must be newer than its
	 * closing by more than the skew window, or an opening dated after the closing by a
	 * fast clock would keep it open for good (no later event would close it).
	 */
	private static CustomerContext caseOpened(CustomerContext c, CaseOpened e, ContextLimits limits) {
		int i = indexOf(c.cases(), (k) -> k.caseId().equals(e.caseId()));
		ServiceCase known = (i >= 0) ? c.cases().get(i) : null;
		ServiceCase opened;
		if (known == null || replaces(e.occurredAt(), false, known.isOpen() ? known.updatedAt() : known.closedAt(),
				!known.isOpen(), limits)) {
			opened = new ServiceCase(e.caseId(), e.product(), e.severity(), e.occurredAt(), 0, e.occurredAt());
		}
		else if (known.openedAt() == 0) {
			// The closing arrived first: keep the case closed, but learn what it was
			// about.
			opened = new ServiceCase(known.caseId(), e.product(), e.severity(), e.occurredAt(), known.closedAt(),
					known.updatedAt());
		}
		else {
			return null;
		}
		return withCases(c, prune(put(c.cases(), i, opened), limits, Math.max(c.updatedAt(), e.occurredAt())));
	}

	private static CustomerContext caseClosed(CustomerContext c, CaseClosed e, ContextLimits limits) {
		int i = indexOf(c.cases(), (k) -> k.caseId().equals(e.caseId()));
		ServiceCase closed;
		if (i < 0) {
			closed = new ServiceCase(e.caseId(), "", null, 0, e.occurredAt(), e.occurredAt());
		}
		else {
			ServiceCase known = c.cases().get(i);
			if (!known.isOpen() || !replaces(e.occurredAt(), true, known.updatedAt(), false, limits)) {
				return null;
			}
			closed = new ServiceCase(known.caseId(), known.product(), known.severity(), known.openedAt(),
					e.occurredAt(), e.occurredAt());
		}
		return withCases(c, prune(put(c.cases(), i, closed), limits, Math.max(c.updatedAt(), e.occurredAt())));
	}

	private static CustomerContext withCases(CustomerContext c, List<ServiceCase> cases) {
		return new CustomerContext(c.customerId(), c.updatedAt(), c.journeys(), cases, c.consents(), c.surveys(),
				c.profile(), c.history(), c.recentEventIds());
	}

	/** Drops closed cases past retention, then the oldest closed ones over the count. */
	private static List<ServiceCase> prune(List<ServiceCase> cases, ContextLimits limits, long now) {
		long cutoff = now - limits.closedCaseRetention().toMillis();
		List<ServiceCase> kept = new ArrayList<>(cases);
		kept.removeIf((k) -> !k.isOpen() && k.closedAt() < cutoff);
		if (kept.size() > limits.maxCases()) {
			List<ServiceCase> closedOldestFirst = kept.stream()
				.filter((k) -> !k.isOpen())
				.sorted(Comparator.comparingLong(ServiceCase::closedAt))
				.toList();
			for (int i = 0; i < closedOldestFirst.size() && kept.size() > limits.maxCases(); i++) {
				kept.remove(closedOldestFirst.get(i));
			}
		}
		return List.copyOf(kept);
	}

	private static CustomerContext consent(CustomerContext c, ConsentChanged e, ContextLimits limits) {
		int i = indexOf(c.consents(), (k) -> k.channel() == e.channel() && k.purpose() == e.purpose());
		if (i >= 0) {
			ConsentRecord known = c.consents().get(i);
			if (!replaces(e.occurredAt(), refuses(e.status()), known.changedAt(), refuses(known.status()), limits)) {
				return null;
			}
		}
		List<ConsentRecord> consents = put(c.consents(), i,
				new ConsentRecord(e.channel(), e.purpose(), e.status(), e.occurredAt()));
		return new CustomerContext(c.customerId(), c.updatedAt(), c.journeys(), c.cases(), consents, c.surveys(),
				c.profile(), c.history(), c.recentEventIds());
	}

	private static CustomerContext survey(CustomerContext c, SurveyAnswered e) {
		int i = indexOf(c.surveys(), (s) -> s.type() == e.type());
		if (i >= 0 && c.surveys().get(i).answeredAt() > e.occurredAt()) {
			return null;
		}
		List<SurveyRecord> surveys = put(c.surveys(), i,
				new SurveyRecord(e.type(), e.score(), e.occurredAt(), e.channel()));
		return new CustomerContext(c.customerId(), c.updatedAt(), c.journeys(), c.cases(), c.consents(), surveys,
				c.profile(), c.history(), c.recentEventIds());
	}

	private static CustomerContext profile(CustomerContext c, ProfileUpdated e, ContextLimits limits) {
		List<ProfileAttribute> profile = c.profile();
		boolean changed = false;
		for (Map.Entry<String, String> update : e.attributes().entrySet()) {
			int i = indexOf(profile, (a) -> a.name().equals(update.getKey()));
			String value = update.getValue().isEmpty() ? null : update.getValue();
			// A removal is the refusal: a customer who had an attribute erased must not
			// get it back from an update a skewed clock dated after the removal.
			if (i >= 0 && !replaces(e.occurredAt(), value == null, profile.get(i).updatedAt(),
					profile.get(i).value() == null, limits)) {
				continue;
			}
			profile = put(profile, i, new ProfileAttribute(update.getKey(), value, e.occurredAt()));
			changed = true;
		}
		if (!changed) {
			return null;
		}
		return new CustomerContext(c.customerId(), c.updatedAt(), c.journeys(), c.cases(), c.consents(), c.surveys(),
				profile, c.history(), c.recentEventIds());
	}

	private static CustomerContext outcome(CustomerContext c, OutcomeRecorded e, ContextLimits limits) {
		List<ContactRecord> history = new ArrayList<>(c.history().size() + 1);
		history.addAll(c.history());
		history.add(new ContactRecord(e.decisionId(), e.actionId(), e.channel(), e.outcome(), e.occurredAt()));
		history.sort(Comparator.comparingLong(ContactRecord::occurredAt));
		long cutoff = history.get(history.size() - 1).occurredAt() - limits.historyRetention().toMillis();
		history.removeIf((h) -> h.occurredAt() < cutoff);
		List<ContactRecord> bounded = (history.size() > limits.maxHistory())
				? history.subList(history.size() - limits.maxHistory(), history.size()) : history;
		return new CustomerContext(c.customerId(), c.updatedAt(), c.journeys(), c.cases(), c.consents(), c.surveys(),
				c.profile(), List.copyOf(bounded), c.recentEventIds());
	}

	private static boolean refuses(ConsentStatus status) {
		return status != ConsentStatus.GRANTED;
	}

	/**
	 * Whether an event's value replaces the known one. Between two refusals or two other
	 * values the newer wins (the later arrival on a tie). A refusal replaces any other
	 * value unless that value is newer by more than the skew window; any other value
	 * replaces a refusal only when newer by more than the window. The two rules agree, so
	 * two events give the same outcome in either order.
	 * @param at the event's time
	 * @param refusal whether the event's value is a refusal
	 * @param knownAt the time of the known value
	 * @param knownRefusal whether the known value is a refusal
	 * @param limits the skew window
	 */
	private static boolean replaces(long at, boolean refusal, long knownAt, boolean knownRefusal,
			ContextLimits limits) {
		long skew = limits.maxClockSkew().toMillis();
		if (refusal == knownRefusal) {
			return at >= knownAt;
		}
		return refusal ? at + skew >= knownAt : at > knownAt + skew;
	}

	private static <T> int indexOf(List<T> items, Predicate<T> match) {
		for (int i = 0; i < items.size(); i++) {
			if (match.test(items.get(i))) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * A copy of the list with the item at index replaced, or appended when index is -1.
	 */
	private static <T> List<T> put(List<T> items, int index, T item) {
		List<T> copy = new ArrayList<>(items.size() + 1);
		copy.addAll(items);
		if (index < 0) {
			copy.add(item);
		}
		else {
			copy.set(index, item);
		}
		return List.copyOf(copy);
	}

	private static long[] remember(long[] window, long fingerprint, int size) {
		int keep = Math.min(window.length, size - 1);
		long[] next = Arrays.copyOfRange(window, window.length - keep, window.length + 1);
		next[keep] = fingerprint;
		return next;
	}

}
