FROM mcr.microsoft.com/dotnet/sdk:8.0-jammy AS builder
WORKDIR /source
COPY . .
RUN dotnet publish Worker.csproj --configuration Release --output /out

# Runtime: the .NET runtime instead of the SDK.
FROM mcr.microsoft.com/dotnet/runtime:8.0-jammy
WORKDIR /source
COPY --from=builder /out /out
ENTRYPOINT ["dotnet", "/out/Worker.dll"]
