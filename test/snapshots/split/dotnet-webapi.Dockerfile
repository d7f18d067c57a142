FROM mcr.microsoft.com/dotnet/sdk:8.0 AS builder
WORKDIR /src
COPY Api.csproj .
RUN dotnet restore
COPY . .
RUN dotnet publish Api.csproj -c Release -o /app/publish /p:UseAppHost=false

# Runtime: the ASP.NET Core runtime instead of the SDK.
FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /src
COPY --from=builder /app/publish /app/publish
WORKDIR /app/publish
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Api.dll"]
