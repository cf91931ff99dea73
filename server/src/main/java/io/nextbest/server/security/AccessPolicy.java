package io.nextbest.server.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.EchoServiceGrpc;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.SuppressionServiceGrpc;

/**
 * Which roles may call each rpc: the table in the README, as code. Anything not in it is
 * refused (health and reflection aside, which stay open), so a new rpc is closed until it
 * is added here. Two rules look into the request as well: an event other than an outcome
 * needs the {@code feed} role, and a caller restricted to one customer may act for no
 * other ({@link #mayRecord}, {@link Caller#mayActFor}).
 */
public final class AccessPolicy {

	/** Open to every caller, with or without credentials. */
	static final String[] OPEN = { "grpc.health.v1.Health/*", "grpc.reflection.v1.ServerReflection/*",
			"grpc.reflection.v1alpha.ServerReflection/*" };

	/** The diagnostics rpc, open to any authenticated caller. */
	static final String ECHO = EchoServiceGrpc.getEchoMethod().getFullMethodName();

	private static final Map<String, Set<Role>> ROLES = roles();

	private AccessPolicy() {
	}

	/**
	 * @return the roles that may call each rpc, by full method name
	 */
	public static Map<String, Set<Role>> rpcs() {
		return ROLES;
	}

	/**
	 * @param caller an authenticated caller
	 * @param outcome whether the event is an outcome of an action
	 * @return whether the caller may record such an event
	 */
	public static boolean mayRecord(Caller caller, boolean outcome) {
		return caller.has(Role.FEED) || (outcome && (caller.has(Role.SITE) || caller.has(Role.ENGINE)));
	}

	private static Map<String, Set<Role>> roles() {
		Map<String, Set<Role>> roles = new LinkedHashMap<>();
		roles.put(DecisionServiceGrpc.getDecideMethod().getFullMethodName(), EnumSet.of(Role.SITE));
		roles.put(ContextServiceGrpc.getRecordEventMethod().getFullMethodName(),
				EnumSet.of(Role.FEED, Role.SITE, Role.ENGINE));
		roles.put(ContextServiceGrpc.getRecordEventsMethod().getFullMethodName(), EnumSet.of(Role.FEED, Role.ENGINE));
		roles.put(SuppressionServiceGrpc.getCheckMethod().getFullMethodName(), EnumSet.of(Role.ENGINE));
		roles.put(RulesAdminServiceGrpc.getGetRuleSetMethod().getFullMethodName(),
				EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR));
		roles.put(RulesAdminServiceGrpc.getSimulateMethod().getFullMethodName(),
				EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR));
		roles.put(RulesAdminServiceGrpc.getValidateMethod().getFullMethodName(), EnumSet.of(Role.RULES_EDITOR));
		roles.put(RulesAdminServiceGrpc.getReloadMethod().getFullMethodName(), EnumSet.of(Role.RULES_EDITOR));
		roles.put(RulesAdminServiceGrpc.getWhatIfMethod().getFullMethodName(), EnumSet.of(Role.RULES_EDITOR));
		roles.put(ContextServiceGrpc.getGetContextMethod().getFullMethodName(), EnumSet.of(Role.PRIVACY));
		roles.put(ContextServiceGrpc.getForgetCustomerMethod().getFullMethodName(), EnumSet.of(Role.PRIVACY));
		roles.put(ContextServiceGrpc.getExportCustomerMethod().getFullMethodName(), EnumSet.of(Role.PRIVACY));
		// Journey analytics hold no customer ids: the marketers who read the rules read
		// them.
		roles.put(AnalyticsServiceGrpc.getFunnelMethod().getFullMethodName(),
				EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR));
		roles.put(AnalyticsServiceGrpc.getFlowsMethod().getFullMethodName(),
				EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR));
		roles.put(AnalyticsServiceGrpc.getTimelineMethod().getFullMethodName(),
				EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR));
		roles.put(AnalyticsServiceGrpc.getStockMethod().getFullMethodName(),
				EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR));
		// The overdue list names customers, for a campaign's audience or a call list:
		// those
		// who may act on it, not every reader of the rules.
		roles.put(AnalyticsServiceGrpc.getOverdueMethod().getFullMethodName(),
				EnumSet.of(Role.RULES_EDITOR, Role.ENGINE));
		// Reads every stored customer.
		roles.put(AnalyticsServiceGrpc.getVerifyMethod().getFullMethodName(), EnumSet.of(Role.RULES_EDITOR));
		roles.put(AnalyticsServiceGrpc.getVoiceMethod().getFullMethodName(),
				EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR));
		roles.replaceAll((rpc, allowed) -> Set.copyOf(allowed));
		return Collections.unmodifiableMap(roles);
	}

}
