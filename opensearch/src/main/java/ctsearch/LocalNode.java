package ctsearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One real OpenSearch node in this JVM, for development and tests: the server with the
 * HTTP/transport plugin, the common analysis plugin and the Painless scripting language
 * (bundled with every OpenSearch distribution) on the class path (no distribution
 * to unpack, no plugin folder). Settings come as key=value arguments, for example
 * path.home=/tmp/os/n1 http.port=9250 transport.port=9350. The node stops cleanly on
 * SIGTERM; a SIGKILL is what the failure tests use.
 */
public final class LocalNode extends Node {

    private static final List<Class<? extends Plugin>> PLUGINS =
        Arrays.asList(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);

    private LocalNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
        super(InternalSettingsPreparer.prepareEnvironment(settings, java.util.Collections.emptyMap(),
                null, () -> settings.get("node.name")), plugins, false);
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder()
            .put("network.host", "127.0.0.1")
            .put("http.type", "netty4")
            .put("transport.type", "netty4");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();
        Path home = Paths.get(settings.get("path.home"));
        Files.createDirectories(home.resolve("config"));
        LocalNode node = new LocalNode(settings, PLUGINS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("ctsearch-local-node started " + settings.get("node.name"));
        stopped.await();
    }
}
