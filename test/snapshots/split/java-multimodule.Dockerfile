FROM eclipse-temurin:17-jdk AS builder
WORKDIR /build
COPY . .
# Two modules: core (a library) and app (the runnable jar, with core's classes inside).
RUN javac -d core/classes core/src/com/acme/core/*.java \
 && javac -cp core/classes -d app/classes app/src/com/acme/app/*.java \
 && cp -r core/classes/com app/classes/ \
 && mkdir -p app/build \
 && jar --create --file app/build/inventory-app.jar --main-class com.acme.app.Main -C app/classes .

# Runtime: a JRE instead of the JDK and build tool.
FROM eclipse-temurin:17-jre
WORKDIR /build
COPY --from=builder /build/app/build/inventory-app.jar /build/app/build/inventory-app.jar
CMD ["java", "-jar", "app/build/inventory-app.jar", "3"]
