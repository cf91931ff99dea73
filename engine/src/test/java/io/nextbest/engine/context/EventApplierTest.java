package io.nextbest.engine.context;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.ContextEvent.CaseClosed;
import io.nextbest.engine.context.ContextEvent.CaseOpened;
import io.nextbest.engine.context.ContextEvent.ConsentChanged;
import io.nextbest.engine.context.ContextEvent.OutcomeRecorded;
import io.nextbest.engine.context.ContextEvent.ProfileUpdated;
import io.nextbest.engine.context.ContextEvent.StageChanged;
import io.nextbest.engine.context.ContextEvent.SurveyAnswered;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

import static org.assertj.core.api.Assertions.assertThat;

class EventApplierTest {

	private static final long DAY = Duration.ofDays(1).toMillis();

	private static final long T = 1_700_000_000_000L;

	private static final long MINUTE = Duration.ofMinutes(1).toMillis();

	private CustomerContext context = null;

	private EventDisposition apply(ContextEvent event) {
		return apply(event, ContextLimits.DEFAULTS);
	}

	private EventDisposition apply(ContextEvent event, ContextLimits limits) {
		EventApplier.Applied applied = EventApplier.apply(this.context, event, limits);
		this.context = applied.context();
		return applied.disposition();
	}

	@Test
	void resentEventChangesNothing() {
		assertThat(apply(new StageChanged("e1", "c1", T, "broadband", Stage.ONBOARDING)))
			.isEqualTo(EventDisposition.APPLIED);
		CustomerContext before = this.context;

		assertThat(apply(new StageChanged("e1", "c1", T + DAY, "broadband", Stage.ADOPTION)))
			.isEqualTo(EventDisposition.DUPLICATE);

		assertThat(this.context).isSameAs(before);
		assertThat(this.context.journeys()).singleElement()
			.satisfies((j) -> assertThat(j.stage()).isEqualTo(Stage.ONBOARDING));
	}

	@Test
	void lateOlderStageChangeDoesNotOverwriteNewerOne() {
		apply(new StageChanged("e2", "c1", T + DAY, "broadband", Stage.ADOPTION));

		assertThat(apply(new StageChanged("e1", "c1", T, "broadband", Stage.ONBOARDING)))
			.isEqualTo(EventDisposition.STALE);

		assertThat(this.context.journeys()).singleElement()
			.satisfies((j) -> assertThat(j.stage()).isEqualTo(Stage.ADOPTION));
	}

	@Test
	void aMoveKeepsWhenTheCustomerEnteredTheJourney() {
		apply(new StageChanged("e1", "c1", T, "broadband", Stage.ONBOARDING));
		apply(new StageChanged("e2", "c1", T + DAY, "broadband", Stage.ADOPTION));
		apply(new StageChanged("e3", "c1", T + 2 * DAY, "mobile", Stage.EVALUATION));

		assertThat(this.context.journeys())
			.extracting(CustomerContext.JourneyPosition::journey, CustomerContext.JourneyPosition::since,
					CustomerContext.JourneyPosition::entered)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("broadband", T + DAY, T),
					org.assertj.core.groups.Tuple.tuple("mobile", T + 2 * DAY, T + 2 * DAY));
	}

	@Test
	void keepsOnePositionPerJourney() {
		apply(new StageChanged("e1", "c1", T, "broadband", Stage.ONBOARDING));
		apply(new StageChanged("e2", "c1", T, "mobile", Stage.EVALUATION));
		apply(new StageChanged("e3", "c1", T + DAY, "broadband", Stage.ADOPTION));

		assertThat(this.context.journeys())
			.extracting(CustomerContext.JourneyPosition::journey, CustomerContext.JourneyPosition::stage)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("broadband", Stage.ADOPTION),
					org.assertj.core.groups.Tuple.tuple("mobile", Stage.EVALUATION));
		assertThat(this.context.updatedAt()).isEqualTo(T + DAY);
	}

	@Test
	void closingThatArrivesBeforeTheOpeningKeepsTheCaseClosed() {
		apply(new CaseClosed("e2", "c1", T + DAY, "K1"));

		assertThat(apply(new CaseOpened("e1", "c1", T, "K1", "broadband", Severity.HIGH)))
			.isEqualTo(EventDisposition.APPLIED);

		assertThat(this.context.cases()).singleElement().satisfies((k) -> {
			assertThat(k.isOpen()).isFalse();
			assertThat(k.severity()).isEqualTo(Severity.HIGH);
			assertThat(k.openedAt()).isEqualTo(T);
		});
	}

	@Test
	void caseOpenedAgainAfterClosingIsOpen() {
		apply(new CaseOpened("e1", "c1", T, "K1", "broadband", Severity.LOW));
		apply(new CaseClosed("e2", "c1", T + DAY, "K1"));

		apply(new CaseOpened("e3", "c1", T + 2 * DAY, "K1", "broadband", Severity.HIGH));

		assertThat(this.context.cases()).singleElement().satisfies((k) -> assertThat(k.isOpen()).isTrue());
	}

	@Test
	void closedCasesArePrunedAfterRetention() {
		apply(new CaseOpened("e1", "c1", T, "K1", "", Severity.LOW));
		apply(new CaseClosed("e2", "c1", T + DAY, "K1"));
		apply(new CaseOpened("e3", "c1", T + 2 * DAY, "K2", "", Severity.LOW));

		apply(new CaseOpened("e4", "c1", T + 40 * DAY, "K3", "", Severity.LOW));

		assertThat(this.context.cases()).extracting(CustomerContext.ServiceCase::caseId).containsExactly("K2", "K3");
	}

	@Test
	void olderConsentDoesNotOverrideARevocation() {
		apply(new ConsentChanged("e2", "c1", T + DAY, Channel.EMAIL, Purpose.MARKETING, ConsentStatus.REVOKED));

		assertThat(apply(new ConsentChanged("e1", "c1", T, Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED)))
			.isEqualTo(EventDisposition.STALE);

		assertThat(this.context.consent(Channel.EMAIL, Purpose.MARKETING)).isEqualTo(ConsentStatus.REVOKED);
	}

	@Test
	void revocationWinsOverAGrantDatedAheadWithinTheSkewWindow() {
		apply(consent("grant", T + 4 * MINUTE, ConsentStatus.GRANTED));

		assertThat(apply(consent("revoke", T, ConsentStatus.REVOKED))).isEqualTo(EventDisposition.APPLIED);

		assertThat(this.context.consent(Channel.EMAIL, Purpose.MARKETING)).isEqualTo(ConsentStatus.REVOKED);
		assertThat(this.context.consents()).singleElement().satisfies((k) -> assertThat(k.changedAt()).isEqualTo(T));
	}

	@Test
	void grantWithinTheSkewWindowOfADenialDoesNotOverrideIt() {
		apply(consent("deny", T, ConsentStatus.DENIED));

		assertThat(apply(consent("grant", T + 4 * MINUTE, ConsentStatus.GRANTED))).isEqualTo(EventDisposition.STALE);

		assertThat(this.context.consent(Channel.EMAIL, Purpose.MARKETING)).isEqualTo(ConsentStatus.DENIED);
	}

	@Test
	void refusalWinsATieInEitherOrder() {
		apply(consent("revoke", T, ConsentStatus.REVOKED));
		assertThat(apply(consent("grant", T, ConsentStatus.GRANTED))).isEqualTo(EventDisposition.STALE);
		assertThat(this.context.consent(Channel.EMAIL, Purpose.MARKETING)).isEqualTo(ConsentStatus.REVOKED);

		this.context = null;
		apply(consent("grant", T, ConsentStatus.GRANTED));
		assertThat(apply(consent("revoke", T, ConsentStatus.REVOKED))).isEqualTo(EventDisposition.APPLIED);
		assertThat(this.context.consent(Channel.EMAIL, Purpose.MARKETING)).isEqualTo(ConsentStatus.REVOKED);
	}

	@Test
	void grantNewerThanARevocationByMoreThanTheWindowOverridesIt() {
		apply(consent("revoke", T, ConsentStatus.REVOKED));

		assertThat(apply(consent("grant", T + 6 * MINUTE, ConsentStatus.GRANTED))).isEqualTo(EventDisposition.APPLIED);
		assertThat(this.context.consent(Channel.EMAIL, Purpose.MARKETING)).isEqualTo(ConsentStatus.GRANTED);

		// The same two events the other way round: the customer said yes again later.
		this.context = null;
		apply(consent("grant", T + 6 * MINUTE, ConsentStatus.GRANTED));
		assertThat(apply(consent("revoke", T, ConsentStatus.REVOKED))).isEqualTo(EventDisposition.STALE);
		assertThat(this.context.consent(Channel.EMAIL, Purpose.MARKETING)).isEqualTo(ConsentStatus.GRANTED);
	}

	@Test
	void skewWindowComesFromTheLimits() {
		ContextLimits noSkew = withSkew(Duration.ZERO);
		apply(consent("revoke", T, ConsentStatus.REVOKED), noSkew);
		assertThat(apply(consent("grant", T + 1, ConsentStatus.GRANTED), noSkew)).isEqualTo(EventDisposition.APPLIED);

		this.context = null;
		ContextLimits anHour = withSkew(Duration.ofHours(1));
		apply(consent("revoke", T, ConsentStatus.REVOKED), anHour);
		assertThat(apply(consent("grant", T + 59 * MINUTE, ConsentStatus.GRANTED), anHour))
			.isEqualTo(EventDisposition.STALE);
	}

	@Test
	void twoConsentEventsEndTheSameInEitherOrder() {
		List<ConsentStatus> statuses = List.of(ConsentStatus.GRANTED, ConsentStatus.DENIED, ConsentStatus.REVOKED);
		for (ConsentStatus first : statuses) {
			for (ConsentStatus second : statuses) {
				for (long offset = -7 * MINUTE; offset <= 7 * MINUTE; offset += MINUTE) {
					ContextEvent a = consent("a", T, first);
					ContextEvent b = consent("b", T + offset, second);
					this.context = null;
					apply(a);
					apply(b);
					ConsentStatus oneWay = this.context.consent(Channel.EMAIL, Purpose.MARKETING);
					this.context = null;
					apply(b);
					apply(a);
					ConsentStatus otherWay = this.context.consent(Channel.EMAIL, Purpose.MARKETING);

					String pair = first + " at T, " + second + " at T" + ((offset >= 0) ? "+" : "") + offset / MINUTE
							+ "min";
					if (first != second && (first == ConsentStatus.GRANTED || second == ConsentStatus.GRANTED)) {
						assertThat(oneWay).as(pair).isEqualTo(otherWay);
						long grantAhead = (first == ConsentStatus.GRANTED) ? -offset : offset;
						assertThat(oneWay == ConsentStatus.GRANTED).as(pair).isEqualTo(grantAhead > 5 * MINUTE);
					}
					else if (first != ConsentStatus.GRANTED) {
						assertThat(List.of(oneWay, otherWay)).as(pair).doesNotContain(ConsentStatus.GRANTED);
					}
				}
			}
		}
	}

	@Test
	void closingWinsOverAnOpeningDatedAheadWithinTheSkewWindow() {
		apply(new CaseOpened("open", "c1", T + 4 * MINUTE, "K1", "broadband", Severity.HIGH));

		assertThat(apply(new CaseClosed("close", "c1", T, "K1"))).isEqualTo(EventDisposition.APPLIED);

		assertThat(this.context.cases()).singleElement().satisfies((k) -> {
			assertThat(k.isOpen()).isFalse();
			assertThat(k.closedAt()).isEqualTo(T);
		});
	}

	@Test
	void openingDatedAheadOfAnEarlierClosingWithinTheWindowLeavesTheCaseClosed() {
		apply(new CaseClosed("close", "c1", T, "K1"));

		assertThat(apply(new CaseOpened("open", "c1", T + 4 * MINUTE, "K1", "broadband", Severity.HIGH)))
			.isEqualTo(EventDisposition.APPLIED);

		assertThat(this.context.cases()).singleElement().satisfies((k) -> {
			assertThat(k.isOpen()).isFalse();
			assertThat(k.severity()).isEqualTo(Severity.HIGH);
		});
		// Re-sending the opening under another id changes nothing more.
		assertThat(apply(new CaseOpened("open-again", "c1", T + 4 * MINUTE, "K1", "broadband", Severity.HIGH)))
			.isEqualTo(EventDisposition.STALE);
	}

	@Test
	void caseOpenedAgainWithinTheWindowOfItsClosingStaysClosed() {
		apply(new CaseOpened("open", "c1", T - DAY, "K1", "broadband", Severity.LOW));
		apply(new CaseClosed("close", "c1", T, "K1"));

		assertThat(apply(new CaseOpened("reopen", "c1", T + 5 * MINUTE, "K1", "broadband", Severity.HIGH)))
			.isEqualTo(EventDisposition.STALE);
		assertThat(apply(new CaseOpened("reopen-later", "c1", T + 6 * MINUTE, "K1", "broadband", Severity.HIGH)))
			.isEqualTo(EventDisposition.APPLIED);
		assertThat(this.context.cases()).singleElement().satisfies((k) -> assertThat(k.isOpen()).isTrue());
	}

	@Test
	void attributeRemovalWinsOverAValueDatedAheadWithinTheSkewWindow() {
		apply(new ProfileUpdated("set", "c1", T + 4 * MINUTE, Map.of("phone", "+33 6 00 00 00 00")));

		assertThat(apply(new ProfileUpdated("remove", "c1", T, Map.of("phone", ""))))
			.isEqualTo(EventDisposition.APPLIED);
		assertThat(this.context.attribute("phone")).isNull();

		assertThat(apply(new ProfileUpdated("set-again", "c1", T + 4 * MINUTE, Map.of("phone", "+33 6 11 11 11 11"))))
			.isEqualTo(EventDisposition.STALE);
		assertThat(this.context.attribute("phone")).isNull();
	}

	@Test
	void newerStageAndSurveyAnswerWinWithinTheWindowToo() {
		apply(new StageChanged("s1", "c1", T + 4 * MINUTE, "broadband", Stage.ADOPTION));
		apply(new SurveyAnswered("n1", "c1", T + 4 * MINUTE, SurveyType.NPS, 9));

		assertThat(apply(new StageChanged("s2", "c1", T, "broadband", Stage.ONBOARDING)))
			.isEqualTo(EventDisposition.STALE);
		assertThat(apply(new SurveyAnswered("n2", "c1", T, SurveyType.NPS, 2))).isEqualTo(EventDisposition.STALE);
		assertThat(this.context.journeys()).singleElement()
			.satisfies((j) -> assertThat(j.stage()).isEqualTo(Stage.ADOPTION));
		assertThat(this.context.surveys()).singleElement().satisfies((v) -> assertThat(v.score()).isEqualTo(9));
	}

	@Test
	void keepsLatestScorePerSurvey() {
		apply(new SurveyAnswered("e1", "c1", T, SurveyType.NPS, 3));
		apply(new SurveyAnswered("e2", "c1", T + DAY, SurveyType.NPS, 9));
		apply(new SurveyAnswered("e3", "c1", T + DAY, SurveyType.CSAT, 4));

		assertThat(apply(new SurveyAnswered("e4", "c1", T - DAY, SurveyType.NPS, 0))).isEqualTo(EventDisposition.STALE);
		assertThat(this.context.surveys()).extracting(CustomerContext.SurveyRecord::score).containsExactly(9, 4);
	}

	@Test
	void surveyAnswerKeepsTheChannelItIsAbout() {
		apply(new SurveyAnswered("e1", "c1", T, SurveyType.NPS, 3, "d-1", "K1", Channel.CONTACT_CENTRE));
		apply(new SurveyAnswered("e2", "c1", T, SurveyType.CSAT, 5));

		assertThat(this.context.surveys()).extracting(CustomerContext.SurveyRecord::channel)
			.containsExactly(Channel.CONTACT_CENTRE, null);
	}

	@Test
	void profileAttributesAreOrderSafeEachOnItsOwn() {
		apply(new ProfileUpdated("e1", "c1", T + DAY, Map.of("segment", "gold")));

		apply(new ProfileUpdated("e2", "c1", T, Map.of("segment", "silver", "locale", "fr-FR")));

		assertThat(this.context.attribute("segment")).isEqualTo("gold");
		assertThat(this.context.attribute("locale")).isEqualTo("fr-FR");
	}

	@Test
	void emptyValueRemovesAnAttributeAndAnOlderUpdateCannotBringItBack() {
		apply(new ProfileUpdated("e1", "c1", T, Map.of("segment", "gold")));
		apply(new ProfileUpdated("e2", "c1", T + 2 * DAY, Map.of("segment", "")));

		assertThat(apply(new ProfileUpdated("e3", "c1", T + DAY, Map.of("segment", "silver"))))
			.isEqualTo(EventDisposition.STALE);
		assertThat(this.context.attribute("segment")).isNull();
	}

	@Test
	void contactHistoryIsBoundedByCountAndAge() {
		ContextLimits limits = new ContextLimits(Duration.ofDays(30), 20, 3, Duration.ofDays(10), 32,
				Duration.ofMinutes(5));
		for (int i = 0; i < 5; i++) {
			apply(new OutcomeRecorded("o" + i, "c1", T + i * 1000, "d" + i, "offer", Channel.WEB, Outcome.IMPRESSION),
					limits);
		}
		assertThat(this.context.history()).extracting(CustomerContext.ContactRecord::decisionId)
			.containsExactly("d2", "d3", "d4");

		apply(new OutcomeRecorded("o9", "c1", T + 20 * DAY, "d9", "offer", Channel.WEB, Outcome.CLICK), limits);

		assertThat(this.context.history()).extracting(CustomerContext.ContactRecord::decisionId).containsExactly("d9");
	}

	@Test
	void aStageChangeIsKeptInTheStageHistoryWithTheTimeSpentInTheStageLeft() {
		EventApplier.Applied entry = EventApplier.apply(null,
				new StageChanged("e1", "c1", T, "broadband", Stage.ONBOARDING), ContextLimits.DEFAULTS);
		EventApplier.Applied move = EventApplier.apply(entry.context(),
				new StageChanged("e2", "c1", T + 23 * DAY + MINUTE, "broadband", Stage.ADOPTION),
				ContextLimits.DEFAULTS);

		assertThat(entry.transition())
			.isEqualTo(new CustomerContext.StageChange("broadband", null, Stage.ONBOARDING, T, 0));
		assertThat(move.transition()).isEqualTo(new CustomerContext.StageChange("broadband", Stage.ONBOARDING,
				Stage.ADOPTION, T + 23 * DAY + MINUTE, T));
		assertThat(move.transition().daysInFrom()).isEqualTo(23);
		assertThat(move.transition().regressed()).isFalse();
		assertThat(move.context().stageHistory()).containsExactly(entry.transition(), move.transition());
	}

	@Test
	void theSameStageAgainIsNoMoveAndKeepsWhenTheCustomerReachedIt() {
		apply(new StageChanged("e1", "c1", T, "broadband", Stage.ONBOARDING));
		EventApplier.Applied again = EventApplier.apply(this.context,
				new StageChanged("e2", "c1", T + DAY, "broadband", Stage.ONBOARDING), ContextLimits.DEFAULTS);

		assertThat(again.disposition()).isEqualTo(EventDisposition.APPLIED);
		assertThat(again.transition()).isNull();
		assertThat(again.context().journeys()).singleElement().satisfies((j) -> assertThat(j.since()).isEqualTo(T));
		assertThat(again.context().stageHistory()).hasSize(1);
	}

	@Test
	void duplicateAndStaleStageChangesMakeNoTransition() {
		apply(new StageChanged("e1", "c1", T, "broadband", Stage.ONBOARDING));
		apply(new StageChanged("e2", "c1", T + DAY, "broadband", Stage.ADOPTION));

		EventApplier.Applied duplicate = EventApplier.apply(this.context,
				new StageChanged("e2", "c1", T + DAY, "broadband", Stage.ADOPTION), ContextLimits.DEFAULTS);
		EventApplier.Applied stale = EventApplier.apply(this.context,
				new StageChanged("e0", "c1", T - DAY, "broadband", Stage.EVALUATION), ContextLimits.DEFAULTS);

		assertThat(duplicate.transition()).isNull();
		assertThat(stale.transition()).isNull();
		assertThat(stale.context().stageHistory()).hasSize(2);
	}

	@Test
	void theStageHistoryKeepsTheLastTwentyChangesAndOtherEventsKeepIt() {
		for (int i = 0; i < 25; i++) {
			apply(new StageChanged("e" + i, "c1", T + i * DAY, "broadband",
					(i % 2 == 0) ? Stage.ONBOARDING : Stage.ADOPTION));
		}
		apply(new ConsentChanged("c", "c1", T + 30 * DAY, Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED));

		assertThat(this.context.stageHistory()).hasSize(CustomerContext.MAX_STAGE_HISTORY);
		assertThat(this.context.stageHistory().get(0).at()).isEqualTo(T + 5 * DAY);
		assertThat(this.context.stageHistory().get(19).at()).isEqualTo(T + 24 * DAY);
		assertThat(this.context.stageHistory().get(19).regressed()).isTrue();
	}

	@Test
	void remembersOnlyTheMostRecentEventIds() {
		ContextLimits limits = new ContextLimits(Duration.ofDays(30), 20, 100, Duration.ofDays(90), 4,
				Duration.ofMinutes(5));
		for (int i = 0; i < 6; i++) {
			apply(new StageChanged("e" + i, "c1", T + i, "broadband", Stage.ONBOARDING), limits);
		}

		assertThat(this.context.recentEventIds()).hasSize(4);
		assertThat(apply(new StageChanged("e5", "c1", T + 10, "broadband", Stage.ADOPTION), limits))
			.isEqualTo(EventDisposition.DUPLICATE);
		assertThat(apply(new StageChanged("e0", "c1", T + 10, "broadband", Stage.ADOPTION), limits))
			.isEqualTo(EventDisposition.APPLIED);
	}

	private static ConsentChanged consent(String eventId, long at, ConsentStatus status) {
		return new ConsentChanged(eventId, "c1", at, Channel.EMAIL, Purpose.MARKETING, status);
	}

	private static ContextLimits withSkew(Duration skew) {
		ContextLimits d = ContextLimits.DEFAULTS;
		return new ContextLimits(d.closedCaseRetention(), d.maxCases(), d.maxHistory(), d.historyRetention(),
				d.eventIdWindow(), skew);
	}

}
