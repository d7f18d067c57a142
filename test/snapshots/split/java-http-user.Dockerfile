# Quote service: a JDK HTTP server in one jar, run as an unprivileged user that owns its log folder.
FROM eclipse-temurin:17-jdk AS builder
RUN groupadd --system quotes \
 && useradd --system --gid quotes --home-dir /opt/quotes quotes \
 && mkdir -p /var/log/quotes \
 && chown quotes:quotes /var/log/quotes
WORKDIR /opt/quotes
COPY src/ src/
RUN javac -d classes $(find src -name '*.java') \
 && jar --create --file quotes.jar --main-class org.example.quotes.Server -C classes .

# Runtime: a JRE instead of the JDK and build tool.
FROM eclipse-temurin:17-jre
RUN groupadd --system quotes \
    && useradd --system --gid quotes --home-dir /opt/quotes quotes \
    && mkdir -p /var/log/quotes \
    && chown quotes:quotes /var/log/quotes
WORKDIR /opt/quotes
COPY --from=builder /opt/quotes/quotes.jar /opt/quotes/quotes.jar
COPY config/ config/
USER quotes
EXPOSE 18097
CMD ["java", "-Xmx64m", "-jar", "quotes.jar", "--port", "18097"]
