package io.github.jvi.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path dir;

  @Test
  void writesReplaceWholeFilesWithOrdinaryPermissions() throws Exception {
    Path f = dir.resolve("sub/out.txt");
    AtomicFiles.writeString(f, "one");
    assertEquals("one", Files.readString(f));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(f, "two");
    assertEquals("two", Files.readString(f));
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws Exception {
    Path f = dir.resolve("keep.txt");
    AtomicFiles.writeString(f, "good");
    assertThrows(java.io.UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
      out.write("partial".getBytes());
      throw new java.io.IOException("disk full");
    }));
    assertEquals("good", Files.readString(f));
    try (var files = Files.list(dir)) {
      assertTrue(files.allMatch(p -> p.equals(f)), "temporary files left behind");
    }
  }
}
