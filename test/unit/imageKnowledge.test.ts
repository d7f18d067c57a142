/** One list of JDK images: the stack detection, the toolchain check and the size ratios read the same one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JDK_IMAGES, JVM_IMAGES, parseBaseImage, stackOfImage, toolchainOf } from '../../server/src/knowledge/baseImage';
import { ratioClassOf } from '../../server/src/size/imageFamily';

test('every JDK image is a Java toolchain (its JRE tags are not) and sized as a JVM image', () => {
  assert.ok(JDK_IMAGES.size >= 5);
  for (const name of JDK_IMAGES) {
    assert.equal(stackOfImage(parseBaseImage(`${name}:21`)), 'java', name);
    assert.equal(toolchainOf(parseBaseImage(`${name}:21`)), 'a full JDK', name);
    assert.equal(toolchainOf(parseBaseImage(`${name}:21-jre`)), undefined, name);
    assert.equal(ratioClassOf(name, '21'), 'jdk', name);
  }
});

test('the Java build tools, Clojure and Tomcat carry a JVM too', () => {
  for (const name of ['maven', 'gradle', 'clojure', 'tomcat']) {
    assert.ok(JVM_IMAGES.has(name), name);
    assert.equal(ratioClassOf(name, 'latest'), 'jdk', name);
  }
  assert.equal(stackOfImage(parseBaseImage('maven:3.9-eclipse-temurin-21')), 'java');
  assert.equal(ratioClassOf('golang', '1.22'), 'toolchain');
});
