package io.nextbest.server.suppression;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import io.nextbest.server.context.ContextStore;
import io.nextbest.server.context.CustomerContext;
import io.nextbest.server.decision.SuppressionCheck;
import io.nextbest.server.decision.SuppressionCheck.Send;
import io.nextbest.server.decision.SuppressionCheck.Verdict;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.RuleSet;
import io.nextbest.server.system.NextBestProperties;

/**
 * Checks batches of recipients for a send. A batch reads its contexts in one bulk call,
 * runs on one rule set version, and is split over a fixed pool of workers so that one
 * stream uses every processor; the pool is shared by all streams, so bulk checks cannot
 * take more threads than that however many engines call at once.
 */
@Service
public class BulkSuppressor implements DisposableBean {

	/** Below this many recipients a slice is not worth a thread hand-off. */
	private static final int MIN_SLICE = 256;

	private final ContextStore contexts;

	private final CurrentRuleSet rules;

	private final Clock clock;

	private final boolean impliedMarketingConsent;

	private final int workers;

	private final ExecutorService pool;

	BulkSuppressor(ContextStore contexts, CurrentRuleSet rules, Clock clock, NextBestProperties properties) {
		this.contexts = contexts;
		this.rules = rules;
		this.clock = clock;
		this.impliedMarketingConsent = properties.suppression().impliedMarketingConsent();
		int configured = properties.suppression().workers();
		this.workers = (configured > 0) ? configured : Runtime.getRuntime().availableProcessors();
		AtomicInteger count = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.workers, (task) -> {
			Thread thread = new Thread(task, "suppression-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * The send to check, with the configured consent default.
	 * @param campaignId the campaign, or an empty string
	 * @param channel the channel
	 * @param purpose the purpose
	 * @param actionId the action sent, or an empty string
	 * @return the send
	 */
	public Send send(String campaignId, io.nextbest.facts.Channel channel, io.nextbest.facts.Purpose purpose,
			String actionId) {
		return new Send(campaignId, channel, purpose, actionId, this.impliedMarketingConsent);
	}

	/**
	 * @return the rule set serving now
	 */
	public RuleSet ruleSet() {
		return this.rules.get();
	}

	/**
	 * Checks a batch.
	 * @param ruleSet the rule set to check with (take it once per batch)
	 * @param send what is being sent
	 * @param customerIds the recipients
	 * @param cancelled tells when the caller has gone: the work stops
	 * @return one verdict per recipient, in order
	 * @throws CancellationException when the caller went away
	 */
	public List<Verdict> check(RuleSet ruleSet, Send send, List<String> customerIds, BooleanSupplier cancelled) {
		Map<String, CustomerContext> found = this.contexts.getAll(customerIds);
		Instant now = this.clock.instant();
		Verdict[] verdicts = new Verdict[customerIds.size()];
		int slices = Math.max(1, Math.min(this.workers, customerIds.size() / MIN_SLICE));
		int size = (customerIds.size() + slices - 1) / slices;
		List<CompletableFuture<Void>> running = new ArrayList<>(slices);
		for (int from = 0; from < customerIds.size(); from += size) {
			int start = from;
			int end = Math.min(customerIds.size(), from + size);
			Runnable slice = () -> {
				for (int i = start; i < end; i++) {
					if ((i & 63) == 0 && cancelled.getAsBoolean()) {
						throw new CancellationException("The caller went away.");
					}
					String customerId = customerIds.get(i);
					CustomerContext context = found.get(customerId);
					verdicts[i] = SuppressionCheck.verdict(ruleSet,
							(context != null) ? context : CustomerContext.empty(customerId), send, now);
				}
			};
			if (end == customerIds.size()) {
				// The calling thread does the last slice itself rather than wait idle.
				slice.run();
			}
			else {
				running.add(CompletableFuture.runAsync(slice, this.pool));
			}
		}
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
		return Arrays.asList(verdicts);
	}

	@Override
	public void destroy() {
		this.pool.shutdownNow();
	}

}
