package io.nextbest.server.grpc;

import java.util.concurrent.CountDownLatch;

import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every call is timed once, under the status code its caller got: answered, refused, and
 * cancelled by the caller before an answer.
 */
class CallTimerTest {

	private static final MethodDescriptor<StringValue, StringValue> SAY = MethodDescriptor
		.<StringValue, StringValue>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName("test.v1.Talk", "Say"))
		.setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.build();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final CountDownLatch hung = new CountDownLatch(1);

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void start() throws Exception {
		ServerServiceDefinition talk = ServerServiceDefinition.builder("test.v1.Talk")
			.addMethod(SAY, ServerCalls.asyncUnaryCall((request, response) -> {
				switch (request.getValue()) {
					case "bad" -> response.onError(Status.INVALID_ARGUMENT.asRuntimeException());
					// Never answers: the caller cancels.
					case "hang" -> this.hung.countDown();
					default -> {
						response.onNext(StringValue.of("said " + request.getValue()));
						response.onCompleted();
					}
				}
			}))
			.build();
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(ServerInterceptors.intercept(talk, new CallTimer(this.registry)))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	@AfterEach
	void stop() {
		this.channel.shutdownNow();
		this.server.shutdownNow();
	}

	@Test
	void answeredAndRefusedCallsAreCountedByTheirStatus() {
		assertThat(say("hello").getValue()).isEqualTo("said hello");
		assertThat(say("again").getValue()).isEqualTo("said again");
		assertThatThrownBy(() -> say("bad")).isInstanceOf(StatusRuntimeException.class);

		assertThat(timer("OK").count()).isEqualTo(2);
		assertThat(timer("INVALID_ARGUMENT").count()).isEqualTo(1);
		assertThat(timer("OK").getId().getTag("rpc.service")).isEqualTo("test.v1.Talk");
		assertThat(timer("OK").getId().getTag("rpc.type")).isEqualTo("UNARY");
		assertThat(this.registry.find("grpc.server").timers()).hasSize(2);
	}

	@Test
	void aCallCancelledByItsCallerIsCountedOnceAsCancelled() throws Exception {
		ClientCall<StringValue, StringValue> call = this.channel.newCall(SAY, CallOptions.DEFAULT);
		call.start(new ClientCall.Listener<>() {
		}, new Metadata());
		call.sendMessage(StringValue.of("hang"));
		call.halfClose();
		call.request(1);
		this.hung.await();
		call.cancel("the page was closed", null);

		await().until(() -> this.registry.find("grpc.server").tag("grpc.status_code", "CANCELLED").timer() != null);
		assertThat(timer("CANCELLED").count()).isEqualTo(1);
		assertThat(this.registry.find("grpc.server").timers()).hasSize(1);
	}

	private StringValue say(String what) {
		return ClientCalls.blockingUnaryCall(this.channel, SAY, CallOptions.DEFAULT, StringValue.of(what));
	}

	private Timer timer(String code) {
		return this.registry.get("grpc.server").tag("rpc.method", "Say").tag("grpc.status_code", code).timer();
	}

}
