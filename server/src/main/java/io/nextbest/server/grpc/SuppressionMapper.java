package io.nextbest.server.grpc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.RuleSetVersion;
import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.engine.decision.SuppressionCheck.Verdict;
import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;
import io.nextbest.server.suppression.BulkSuppressor;

/** Validates suppression batches and builds their answers. */
final class SuppressionMapper {

	/** The most recipients in one request; documented in suppression.proto. */
	static final int MAX_BATCH = 10_000;

	private SuppressionMapper() {
	}

	static Send send(CheckRequest request, RuleSet ruleSet, BulkSuppressor suppressor) {
		if (!request.hasCampaign()) {
			throw new InvalidArgumentException("campaign", "is required");
		}
		Campaign campaign = request.getCampaign();
		String campaignId = FieldCheck.optionalId(campaign.getCampaignId(), "campaign.campaign_id");
		Channel channel = Enums.CHANNEL.fromProto(campaign.getChannel(), "campaign.channel");
		String actionId = FieldCheck.optionalId(campaign.getActionId(), "campaign.action_id");
		Purpose purpose = (campaign.getPurpose() == io.nextbest.api.v1.Purpose.PURPOSE_UNSPECIFIED
				&& !actionId.isEmpty()) ? null : Enums.PURPOSE.fromProto(campaign.getPurpose(), "campaign.purpose");
		if (!actionId.isEmpty()) {
			ActionDefinition action = ruleSet.catalogue().get(actionId);
			if (action == null) {
				throw new InvalidArgumentException("campaign.action_id", "'" + actionId + "' is not in the catalogue");
			}
			if (!action.allows(channel)) {
				throw new InvalidArgumentException("campaign.action_id",
						"'" + actionId + "' is not allowed on " + EnumMapping.display(channel));
			}
			if (purpose != null && purpose != action.purpose()) {
				throw new InvalidArgumentException("campaign.purpose", "is " + EnumMapping.display(purpose)
						+ " but action '" + actionId + "' is " + EnumMapping.display(action.purpose()));
			}
			purpose = action.purpose();
		}
		return suppressor.send(campaignId, channel, purpose, actionId);
	}

	static List<String> customerIds(CheckRequest request) {
		FieldCheck.optionalId(request.getBatchId(), "batch_id");
		int count = request.getCustomerIdsCount();
		if (count == 0) {
			throw new InvalidArgumentException("customer_ids", "at least one customer id is required");
		}
		if (count > MAX_BATCH) {
			throw new InvalidArgumentException("customer_ids",
					"has " + count + " entries, at most " + MAX_BATCH + " are allowed");
		}
		List<String> ids = request.getCustomerIdsList();
		for (int i = 0; i < count; i++) {
			FieldCheck.id(ids.get(i), "customer_ids[" + i + "]");
		}
		return ids;
	}

	static CheckResponse response(CheckRequest request, RuleSet ruleSet, List<String> customerIds,
			List<Verdict> verdicts) {
		CheckResponse.Builder response = CheckResponse.newBuilder()
			.setBatchId(request.getBatchId())
			.setRuleSet(RuleSetVersion.newBuilder()
				.setVersion(ruleSet.version().hash())
				.setLoadedAt(ResponseMapper.timestamp(ruleSet.version().loadedAt())));
		// A batch repeats a handful of sentences and rule names thousands of times: each
		// is encoded once, and the response writes the bytes.
		Map<String, ByteString> encoded = new HashMap<>();
		for (int i = 0; i < verdicts.size(); i++) {
			Verdict verdict = verdicts.get(i);
			io.nextbest.api.v1.Verdict.Builder out = response.addVerdictsBuilder()
				.setCustomerId(customerIds.get(i))
				.setSend(verdict.send());
			if (!verdict.send()) {
				out.setCode(Enums.REASON.toProto(verdict.code()))
					.setMessageBytes(encoded.computeIfAbsent(verdict.message(), ByteString::copyFromUtf8))
					.setRuleBytes(encoded.computeIfAbsent(verdict.rule(), ByteString::copyFromUtf8));
			}
		}
		return response.build();
	}

}
