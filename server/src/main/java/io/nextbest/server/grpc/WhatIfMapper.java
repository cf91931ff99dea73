package io.nextbest.server.grpc;

import java.time.Duration;
import java.time.Instant;

import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.RuleSetVersion;
import io.nextbest.api.v1.WhatIfCell;
import io.nextbest.api.v1.WhatIfCustomers;
import io.nextbest.api.v1.WhatIfExample;
import io.nextbest.api.v1.WhatIfMatrix;
import io.nextbest.api.v1.WhatIfOutcome;
import io.nextbest.api.v1.WhatIfPopulation;
import io.nextbest.api.v1.WhatIfProgress;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.api.v1.WhatIfRule;
import io.nextbest.api.v1.WhatIfRuleChange;
import io.nextbest.api.v1.WhatIfVolume;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.whatif.Outcome;
import io.nextbest.engine.whatif.PopulationFilter;
import io.nextbest.engine.whatif.WhatIfReport;
import io.nextbest.server.whatif.WhatIfRunner;

/** Maps WhatIf requests to the domain, and the report back. */
final class WhatIfMapper {

	/**
	 * How far ahead a what-if may be dated: a marketer may ask about tomorrow morning.
	 */
	static final Duration MAX_AHEAD = Duration.ofDays(31);

	private WhatIfMapper() {
	}

	/**
	 * @param request the request
	 * @return the request every customer is decided for
	 */
	static DecisionRequest template(WhatIfRequest request) {
		return RequestMapper.decision(DecideRequest.newBuilder()
			.setCustomerId("what-if")
			.addAllChannelsValue(request.getChannelsValueList())
			.setContext(request.getContext())
			.build());
	}

	static Instant at(WhatIfRequest request, Instant now) {
		return request.hasAt() ? Instant.ofEpochMilli(FieldCheck.time(true, request.getAt(), "at", now, MAX_AHEAD))
				: now;
	}

	static PopulationFilter population(WhatIfRequest request) {
		if (!request.hasPopulation()) {
			return PopulationFilter.EVERYONE;
		}
		WhatIfPopulation p = request.getPopulation();
		double sample = p.getSample();
		if (sample == 0) {
			sample = 1;
		}
		if (!(sample > 0 && sample <= 1)) {
			throw new InvalidArgumentException("population.sample",
					"must be above 0 and at most 1 (0 for everyone), got " + p.getSample());
		}
		return new PopulationFilter(FieldCheck.optionalName(p.getJourney(), "population.journey"),
				(p.getStage() == JourneyStage.JOURNEY_STAGE_UNSPECIFIED) ? null
						: Enums.STAGE.fromProto(p.getStage(), "population.stage"),
				FieldCheck.optionalName(p.getSegment(), "population.segment"), sample, p.getSeed());
	}

	static WhatIfProgress progress(WhatIfRunner.Progress progress) {
		return WhatIfProgress.newBuilder()
			.setRead(progress.read())
			.setDecided(progress.decided())
			.setStored(progress.stored())
			.setRangesDone(progress.rangesDone())
			.setRanges(progress.ranges())
			.build();
	}

	static io.nextbest.api.v1.WhatIfReport report(WhatIfRunner.Result result) {
		WhatIfReport r = result.report();
		io.nextbest.api.v1.WhatIfReport.Builder view = io.nextbest.api.v1.WhatIfReport.newBuilder()
			.setBase(version(r.base()))
			.setCandidate(version(r.candidate()))
			.setDecidedAt(ResponseMapper.timestamp(r.decidedAt()))
			.setPopulation(r.population())
			.setCustomers(r.customers())
			.setChangedCustomers(r.changedCustomers())
			.setNewlyMarketed(customers(r.newlyMarketed()))
			.setNewlySuppressed(customers(r.newlySuppressed()))
			.setMarkdown(r.markdown())
			.setTookMillis(result.took().toMillis());
		for (WhatIfReport.ChannelMatrix channel : r.channels()) {
			WhatIfMatrix.Builder matrix = WhatIfMatrix.newBuilder()
				.setChannel(channel.channel())
				.setChanged(channel.changed())
				.setNewlyMarketed(channel.newlyMarketed())
				.setNewlySuppressed(channel.newlySuppressed());
			for (WhatIfReport.Cell cell : channel.cells()) {
				matrix.addCells(WhatIfCell.newBuilder()
					.setBase(outcome(cell.base()))
					.setCandidate(outcome(cell.candidate()))
					.setCustomers(cell.customers())
					.addAllExamples(cell.examples()));
			}
			view.addChannels(matrix);
		}
		r.changedRules()
			.forEach((rule) -> view.addChangedRules(WhatIfRuleChange.newBuilder()
				.setRule(rule.rule())
				.setBase(rule.base())
				.setCandidate(rule.candidate())));
		r.neverFired()
			.forEach((rule) -> view.addNeverFired(WhatIfRule.newBuilder().setFile(rule.file()).setRule(rule.rule())));
		r.volumes()
			.forEach((volume) -> view.addVolumes(WhatIfVolume.newBuilder()
				.setActionId(volume.actionId())
				.setBase(volume.base())
				.setCandidate(volume.candidate())
				.setCapacity(volume.capacity())
				.setOverCapacity(volume.overCapacity())));
		result.failedScenarios().forEach((s) -> view.addFailedScenarios(RulesAdminGrpcService.scenario(s)));
		result.explained()
			.forEach((example) -> view.addExamples(WhatIfExample.newBuilder()
				.setCustomerId(example.customerId())
				.setBase(ResponseMapper.decision(example.base()))
				.setCandidate(ResponseMapper.decision(example.candidate()))));
		return view.build();
	}

	private static WhatIfOutcome outcome(Outcome outcome) {
		WhatIfOutcome.Builder view = WhatIfOutcome.newBuilder()
			.setActionId(outcome.actionId())
			.setMarketing(outcome.marketing())
			.setLabel(outcome.label());
		if (outcome.code() != null) {
			view.setSuppression(Enums.REASON.toProto(outcome.code()));
		}
		return view.build();
	}

	private static WhatIfCustomers customers(WhatIfReport.Customers customers) {
		return WhatIfCustomers.newBuilder().setCount(customers.count()).addAllExamples(customers.examples()).build();
	}

	private static RuleSetVersion version(io.nextbest.engine.ruleset.RuleSetVersion version) {
		return RuleSetVersion.newBuilder()
			.setVersion(version.hash())
			.setLoadedAt(ResponseMapper.timestamp(version.loadedAt()))
			.build();
	}

}
