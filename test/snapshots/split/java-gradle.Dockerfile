FROM gradle:8.7-jdk21 AS builder
WORKDIR /home/gradle/project
COPY --chown=gradle:gradle . .
RUN ./gradlew --no-daemon bootJar

# Runtime: a JRE instead of the JDK and build tool.
FROM eclipse-temurin:21-jre
WORKDIR /home/gradle/project
COPY --from=builder /home/gradle/project/build/libs/app.jar /home/gradle/project/build/libs/app.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "build/libs/app.jar"]
