package io.kuberaf.runtime.simulated;

import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.RuntimeOperationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageArchiveTest {

    @TempDir
    Path dir;

    /** An archive laid out as docker save writes it, made with the system's tar (plain and gzip). */
    private Path archive(String tarFlags) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), """
                [{"Config":"0123abcd.json","RepoTags":["example/app:1.0","example/app:latest"],"Layers":["l1/layer.tar"]},
                 {"Config":"blobs/sha256/fedc9876","RepoTags":null,"Layers":[]}]
                """);
        Files.writeString(dir.resolve("0123abcd.json"), "{}");
        Files.createDirectories(dir.resolve("l1"));
        Files.write(dir.resolve("l1/layer.tar"), new byte[3000]);
        Path archive = dir.resolve("images" + (tarFlags.contains("z") ? ".tar.gz" : ".tar"));
        Process tar = new ProcessBuilder("tar", tarFlags, archive.toString(), "-C", dir.toString(),
                "l1/layer.tar", "0123abcd.json", "manifest.json").inheritIO().start();
        assertEquals(0, tar.waitFor());
        return archive;
    }

    @Test
    void readsTheImagesOfAnArchiveAsDockerSaveWritesIt() throws Exception {
        for (String flags : List.of("-cf", "-czf")) {
            try (InputStream in = Files.newInputStream(archive(flags))) {
                List<ImageInfo> images = ImageArchive.read(in);
                assertEquals(2, images.size());
                assertEquals("sha256:0123abcd", images.get(0).id());
                assertEquals(List.of("example/app:1.0", "example/app:latest"), images.get(0).repoTags());
                assertTrue(images.get(0).sizeBytes() >= 3000, "size " + images.get(0).sizeBytes());
                assertEquals(List.of("sha256:fedc9876"), images.get(1).repoTags(), "an untagged image is named by its id");
            }
        }
    }

    @Test
    void theSimulatedRuntimeListsImportedImages() throws Exception {
        SimulatedRuntime runtime = new SimulatedRuntime(Settings.DEFAULTS);
        try (InputStream in = Files.newInputStream(archive("-cf"))) {
            runtime.importImages(in);
        }
        assertEquals("sha256:0123abcd", runtime.imageStatus("example/app:1.0").orElseThrow().id());
        assertTrue(runtime.listImages().stream().anyMatch(i -> i.repoTags().contains("example/app:latest")));
    }

    @Test
    void somethingElseIsRefusedWithAReason() throws IOException {
        RuntimeOperationException notTar = assertThrows(RuntimeOperationException.class,
                () -> ImageArchive.read(new ByteArrayInputStream("hello, not a tar file at all\n".repeat(40).getBytes(StandardCharsets.UTF_8))));
        assertTrue(notTar.getMessage().contains("not a tar file"), notTar.getMessage());

        Files.writeString(dir.resolve("README"), "no manifest here");
        Path plain = dir.resolve("plain.tar");
        try {
            assertEquals(0, new ProcessBuilder("tar", "-cf", plain.toString(), "-C", dir.toString(), "README").start().waitFor());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        try (InputStream in = Files.newInputStream(plain)) {
            RuntimeOperationException noManifest = assertThrows(RuntimeOperationException.class, () -> ImageArchive.read(in));
            assertTrue(noManifest.getMessage().contains("no manifest.json"), noManifest.getMessage());
        }
    }
}
