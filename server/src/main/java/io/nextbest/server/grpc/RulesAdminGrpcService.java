package io.nextbest.server.grpc;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.GetRuleSetRequest;
import io.nextbest.api.v1.GetRuleSetResponse;
import io.nextbest.api.v1.MemberRuleSet;
import io.nextbest.api.v1.ReloadOutcome;
import io.nextbest.api.v1.ReloadRequest;
import io.nextbest.api.v1.ReloadResponse;
import io.nextbest.api.v1.RuleFile;
import io.nextbest.api.v1.RuleFileContent;
import io.nextbest.api.v1.RuleFiring;
import io.nextbest.api.v1.RuleSetVersion;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.ScenarioResult;
import io.nextbest.api.v1.SimulateRequest;
import io.nextbest.api.v1.SimulateResponse;
import io.nextbest.api.v1.ValidateRequest;
import io.nextbest.api.v1.ValidateResponse;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.api.v1.WhatIfUpdate;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.ruleset.RuleSetLimits;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.HazelcastRuleSetBroadcast;
import io.nextbest.server.rules.ReloadAttempt;
import io.nextbest.server.rules.RuleMetrics;
import io.nextbest.server.rules.ValidationBusyException;
import io.nextbest.server.security.AuditLog;
import io.nextbest.server.whatif.CandidateException;
import io.nextbest.server.whatif.GitCandidate;
import io.nextbest.server.whatif.WhatIfBusyException;
import io.nextbest.server.whatif.WhatIfRunner;

/** The RulesAdminService API over the {@link CurrentRuleSet}. */
@Service
class RulesAdminGrpcService extends RulesAdminServiceGrpc.RulesAdminServiceImplBase {

	static final int MAX_FILES = 1000;

	private final CurrentRuleSet rules;

	private final Clock clock;

	private final HazelcastRuleSetBroadcast cluster;

	private final Audited audited;

	private final WhatIfRunner whatIfs;

	private final RuleMetrics metrics;

	RulesAdminGrpcService(CurrentRuleSet rules, Clock clock, HazelcastRuleSetBroadcast cluster, AuditLog audit,
			WhatIfRunner whatIfs, RuleMetrics metrics) {
		this.audited = new Audited(audit);
		this.metrics = metrics;
		this.rules = rules;
		this.clock = clock;
		this.cluster = cluster;
		this.whatIfs = whatIfs;
	}

	@Override
	public void getRuleSet(GetRuleSetRequest request, StreamObserver<GetRuleSetResponse> responses) {
		RuleSet ruleSet = this.rules.get();
		responses.onNext(GetRuleSetResponse.newBuilder()
			.setVersion(version(ruleSet))
			.setDirectory(this.rules.directory().toString())
			.addAllFiles(files(ruleSet))
			.setLastReload(attempt(this.rules.lastAttempt()))
			.addAllMembers(this.cluster.members()
				.stream()
				.map((member) -> MemberRuleSet.newBuilder()
					.setMember(member.member())
					.setVersion(member.version())
					.setLocal(member.local())
					.build())
				.toList())
			.addAllFirings(firings(ruleSet))
			.addAllJourneys(ruleSet.journeys().all().stream().map(JourneyMap.JourneyDefinition::name).sorted().toList())
			.build());
		responses.onCompleted();
	}

	private List<RuleFiring> firings(RuleSet ruleSet) {
		List<RuleFiring> firings = new ArrayList<>();
		ruleSet.rules()
			.forEach((file,
					rules) -> rules.forEach((rule) -> firings.add(RuleFiring.newBuilder()
						.setFile(file)
						.setRule(rule)
						.setFired(this.metrics.timesFired(rule))
						.build())));
		return firings;
	}

	@Override
	public void validate(ValidateRequest request, StreamObserver<ValidateResponse> responses) {
		// Validate compiles and runs the sender's code: who did it is worth a line.
		ValidateResponse response = this.audited.run(RulesAdminServiceGrpc.getValidateMethod(), "rules", "",
				() -> validated(request), (done) -> new Audited.Outcome(done.getVersion(),
						(done.getValid() ? "valid" : "invalid") + ", " + request.getFilesCount() + " files"));
		responses.onNext(response);
		responses.onCompleted();
	}

	private ValidateResponse validated(ValidateRequest request) {
		if (request.getFilesCount() == 0) {
			throw new InvalidArgumentException("files", "at least one file is required");
		}
		if (request.getFilesCount() > MAX_FILES) {
			throw new InvalidArgumentException("files",
					"has " + request.getFilesCount() + " entries, at most " + MAX_FILES + " are allowed");
		}
		RuleSetLimits limits = this.rules.limits();
		long total = 0;
		for (int i = 0; i < request.getFilesCount(); i++) {
			int size = request.getFiles(i).getContent().size();
			if (size > limits.maxFileSize()) {
				throw new InvalidArgumentException("files[" + i + "].content", limits.fileTooLarge());
			}
			total += size;
		}
		if (total > limits.maxRuleSetSize()) {
			throw new InvalidArgumentException("files", limits.ruleSetTooLarge(total));
		}
		Map<String, byte[]> files = new HashMap<>();
		for (int i = 0; i < request.getFilesCount(); i++) {
			RuleFileContent file = request.getFiles(i);
			String field = "files[" + i + "].path";
			String path = FieldCheck.text(file.getPath(), field, FieldCheck.MAX_VALUE).replace('\\', '/');
			if (path.isBlank()) {
				throw new InvalidArgumentException(field, "is required");
			}
			if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
				throw new InvalidArgumentException(field,
						"must be relative to the rules directory, got '" + path + "'");
			}
			if (!RuleFiles.isRuleFile(path)) {
				throw new InvalidArgumentException(field, "'" + path + "' is not a rule file (actions.yaml, *.drl, "
						+ "*.drl.csv, *.drl.xlsx, scenarios/*.yaml)");
			}
			if (files.put(path, file.getContent().toByteArray()) != null) {
				throw new InvalidArgumentException(field, "'" + path + "' is sent twice");
			}
		}
		Validation validation;
		try {
			validation = this.rules.validate(files, request.getComplete());
		}
		catch (ValidationBusyException ex) {
			throw Status.RESOURCE_EXHAUSTED.withDescription(ex.getMessage()).asRuntimeException();
		}
		ValidateResponse.Builder response = ValidateResponse.newBuilder()
			.setValid(validation.valid())
			.setVersion(validation.hash());
		validation.diagnostics().forEach((d) -> response.addDiagnostics(diagnostic(d)));
		validation.scenarios().forEach((s) -> response.addScenarios(scenario(s)));
		if (validation.ruleSet() != null) {
			response.addAllFiles(files(validation.ruleSet()));
		}
		return response.build();
	}

	@Override
	public void reload(ReloadRequest request, StreamObserver<ReloadResponse> responses) {
		ReloadResponse response = this.audited.run(RulesAdminServiceGrpc.getReloadMethod(), "rules", "", () -> {
			ReloadAttempt attempt = this.rules.reload("admin api");
			return ReloadResponse.newBuilder()
				.setAttempt(attempt(attempt))
				.setServing(version(this.rules.get()))
				.build();
		}, (done) -> new Audited.Outcome(done.getServing().getVersion(),
				"reload " + done.getAttempt().getOutcome().name() + " of " + done.getAttempt().getVersion()));
		responses.onNext(response);
		responses.onCompleted();
	}

	@Override
	public void simulate(SimulateRequest request, StreamObserver<SimulateResponse> responses) {
		Instant now = this.clock.instant();
		DecisionRequest decisionRequest = SimulationMapper.request(request);
		Instant at = SimulationMapper.at(request, now);
		CustomerContext customer = SimulationMapper.customer(request, at);
		Decision decision = DecisionEngine.decide(this.rules.get().unobserved(), customer, decisionRequest, at,
				"simulated");
		responses.onNext(SimulateResponse.newBuilder()
			.setDecision(ResponseMapper.decision(decision))
			.addAllFiredRules(decision.firedRules())
			.build());
		responses.onCompleted();
	}

	@Override
	public void whatIf(WhatIfRequest request, StreamObserver<WhatIfUpdate> responses) {
		ServerCallStreamObserver<WhatIfUpdate> call = (ServerCallStreamObserver<WhatIfUpdate>) responses;
		// A what-if reads every stored customer: who ran it, and on what, is worth a
		// line.
		String candidate = request.getCandidateRef().isBlank() ? request.getCandidateDirectory()
				: "git:" + request.getCandidateRef();
		WhatIfRunner.Result result = this.audited.run(RulesAdminServiceGrpc.getWhatIfMethod(), "rules", candidate,
				() -> ranWhatIf(request, call), (done) -> new Audited.Outcome(done.report().candidate().hash(),
						done.report().customers() + " customers, " + done.report().changedCustomers() + " changed"));
		responses.onNext(WhatIfUpdate.newBuilder().setReport(WhatIfMapper.report(result)).build());
		responses.onCompleted();
	}

	private WhatIfRunner.Result ranWhatIf(WhatIfRequest request, ServerCallStreamObserver<WhatIfUpdate> call) {
		boolean directory = !request.getCandidateDirectory().isBlank();
		boolean ref = !request.getCandidateRef().isBlank();
		if (directory == ref) {
			throw new InvalidArgumentException(directory ? "candidate_ref" : "candidate_directory",
					directory ? "give candidate_directory or candidate_ref, not both"
							: "is required (or candidate_ref, a git ref of the rules repository)");
		}
		DecisionRequest template = WhatIfMapper.template(request);
		Instant at = WhatIfMapper.at(request, this.clock.instant());
		if (ref) {
			GitCandidate candidate;
			try {
				candidate = this.whatIfs.candidateAt(request.getCandidateRef());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidArgumentException("candidate_ref", ex.getMessage());
			}
			try (candidate) {
				return ranWhatIf(
						new WhatIfRunner.Order(candidate.directory(), WhatIfMapper.population(request), template, at),
						"candidate_ref", call);
			}
		}
		WhatIfRunner.Order order;
		try {
			order = new WhatIfRunner.Order(this.whatIfs.candidate(request.getCandidateDirectory()),
					WhatIfMapper.population(request), template, at);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidArgumentException("candidate_directory", ex.getMessage());
		}
		return ranWhatIf(order, "candidate_directory", call);
	}

	private WhatIfRunner.Result ranWhatIf(WhatIfRunner.Order order, String candidateField,
			ServerCallStreamObserver<WhatIfUpdate> call) {
		try {
			return this.whatIfs.run(order,
					(progress) -> call
						.onNext(WhatIfUpdate.newBuilder().setProgress(WhatIfMapper.progress(progress)).build()),
					call::isCancelled);
		}
		catch (CandidateException ex) {
			throw new InvalidArgumentException(candidateField, ex.getMessage());
		}
		catch (WhatIfBusyException ex) {
			throw Status.RESOURCE_EXHAUSTED.withDescription(ex.getMessage()).asRuntimeException();
		}
		catch (java.util.concurrent.CancellationException ex) {
			throw Status.CANCELLED.withDescription("the what-if was cancelled: " + ex.getMessage())
				.asRuntimeException();
		}
	}

	private static RuleSetVersion version(RuleSet ruleSet) {
		return RuleSetVersion.newBuilder()
			.setVersion(ruleSet.version().hash())
			.setLoadedAt(ResponseMapper.timestamp(ruleSet.version().loadedAt()))
			.build();
	}

	private static List<RuleFile> files(RuleSet ruleSet) {
		return ruleSet.files().stream().map((file) -> {
			List<String> rules = ruleSet.rules().getOrDefault(file, List.of());
			return RuleFile.newBuilder()
				.setPath(file)
				.addAllRules(rules)
				.addAllLines(rules.stream().map(ruleSet::line).toList())
				.build();
		}).toList();
	}

	private static io.nextbest.api.v1.ReloadAttempt attempt(ReloadAttempt attempt) {
		io.nextbest.api.v1.ReloadAttempt.Builder view = io.nextbest.api.v1.ReloadAttempt.newBuilder()
			.setAttemptedAt(ResponseMapper.timestamp(attempt.at()))
			.setTrigger(attempt.trigger())
			.setOutcome(switch (attempt.outcome()) {
				case APPLIED -> ReloadOutcome.RELOAD_OUTCOME_APPLIED;
				case UNCHANGED -> ReloadOutcome.RELOAD_OUTCOME_UNCHANGED;
				// The API has no outcome of its own for it yet: the previous rule set
				// keeps serving, and the problems say the compile was superseded.
				case REJECTED, SUPERSEDED -> ReloadOutcome.RELOAD_OUTCOME_REJECTED;
			})
			.setVersion(attempt.hash())
			.setTookMillis(attempt.took().toMillis());
		attempt.problems().forEach((d) -> view.addProblems(diagnostic(d)));
		attempt.failedScenarios().forEach((s) -> view.addFailedScenarios(scenario(s)));
		return view.build();
	}

	private static io.nextbest.api.v1.RuleDiagnostic diagnostic(RuleDiagnostic d) {
		return io.nextbest.api.v1.RuleDiagnostic.newBuilder()
			.setFile(d.file())
			.setLine(d.line())
			.setColumn(d.column())
			.setMessage(d.message())
			.build();
	}

	static ScenarioResult scenario(io.nextbest.engine.scenario.ScenarioResult s) {
		return ScenarioResult.newBuilder()
			.setFile(s.file())
			.setLine(s.line())
			.setName(s.name())
			.setPassed(s.passed())
			.addAllFailures(s.failures())
			.addAllGot(s.got())
			.addAllFiredRules(s.firedRules())
			.build();
	}

}
